namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>The rendered manifests against the Kubernetes API schemas (tools/k8s-validate, from npm), offline.</summary>
public sealed class KubernetesSchemaTests
{
    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void RenderedManifests_MatchTheKubernetesSchemas(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var (exit, output) = DeployFiles.Validate(k8s.Yaml);
        Assert.True(exit == 0, $"{k8s}:\n{output}");
        Assert.Contains($"{k8s.Objects.Count} objects, 0 invalid", output);
    }

    [Fact]
    public void SecretTemplate_MatchesTheSchemaAndHoldsEveryKeyTheManifestsRead()
    {
        var template = File.ReadAllText(DeployFiles.PathOf("deploy/k8s/base/secret.template.yaml"));
        var (exit, output) = DeployFiles.Validate(template);
        Assert.True(exit == 0, output);
        var keys = YamlDocuments.Parse(template).Single()["stringData"]!.AsObject().Select(p => p.Key).ToHashSet();
        var read = DeployFiles.Render(DeployFiles.Base).Objects.SelectMany(SecretKeysRead).ToHashSet();
        Assert.NotEmpty(read);
        Assert.Superset(read, keys);
        Assert.Superset(new HashSet<string> { "SocialFlow__Postgres__ConnectionString", "SocialFlow__Redis__ConnectionString", "SocialFlow__Jwt__SigningKey" }, keys);
    }

    /// <summary>The keys of socialflow-secrets that env entries read one by one (secretKeyRef), anywhere in an object.</summary>
    private static IEnumerable<string> SecretKeysRead(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o when o["secretKeyRef"] is { } r && (string?)r["name"] == "socialflow-secrets" => [(string)r["key"]!],
        System.Text.Json.Nodes.JsonObject o => o.SelectMany(p => SecretKeysRead(p.Value)),
        System.Text.Json.Nodes.JsonArray a => a.SelectMany(SecretKeysRead),
        _ => [],
    };

    [Fact]
    public void Validator_RefusesUnknownFieldsWrongTypesAndMissingFields()
    {
        const string broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: broken }
            spec:
              selector: { matchLabels: { app: broken } }
              template:
                metadata: { labels: { app: broken } }
                spec:
                  terminationGracePeriodSecond: 60
                  containers:
                    - name: app
                      image: socialflow:local
                      ports: [{ containerPort: http }]
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: { name: broken }
            spec:
              scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: broken }
            """;
        var (exit, output) = DeployFiles.Validate(broken);
        Assert.Equal(1, exit);
        Assert.Contains("terminationGracePeriodSecond: unknown field", output);
        Assert.Contains("containerPort must be integer", output);
        Assert.Contains("must have required property maxReplicas", output);
        Assert.Contains("2 objects, 2 invalid", output);
    }
}
