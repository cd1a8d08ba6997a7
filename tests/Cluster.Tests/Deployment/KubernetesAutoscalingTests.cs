using System.Text.Json.Nodes;

namespace SocialFlow.Cluster.Tests.Deployment;

public sealed class KubernetesAutoscalingTests
{
    /// <summary>Orleans' activation gauge (meter Microsoft.Orleans, instrument orleans-catalog-activations) as Prometheus names it.</summary>
    private const string ActivationMetric = "orleans_catalog_activations";

    [Theory, MemberData(nameof(Kustomizations.AppsOfAll), MemberType = typeof(Kustomizations))]
    public void App_Autoscaler_ScalesTheDeploymentOnCpu(string kustomization, string app)
    {
        var k8s = DeployFiles.Render(kustomization);
        var spec = Autoscaler(k8s, app);
        Assert.Equal("Deployment", (string?)spec["scaleTargetRef"]!["kind"]);
        Assert.Equal("apps/v1", (string?)spec["scaleTargetRef"]!["apiVersion"]);
        Assert.InRange((int)spec["minReplicas"]!, 2, int.MaxValue);
        Assert.True((int)spec["maxReplicas"]! > (int)spec["minReplicas"]!, $"{k8s}: {app} autoscaler cannot scale");
        var cpu = Metrics(spec).Single(m => (string?)m["type"] == "Resource" && (string?)m["resource"]!["name"] == "cpu");
        Assert.Equal("Utilization", (string?)cpu["resource"]!["target"]!["type"]);
        Assert.InRange((int)cpu["resource"]!["target"]!["averageUtilization"]!, 30, 90);
    }

    [Fact]
    public void Base_Autoscalers_NeedNothingButMetricsServer()
    {
        var k8s = DeployFiles.Render(DeployFiles.Base);
        foreach (var app in new[] { RenderedManifests.Silo, RenderedManifests.Api })
        {
            Assert.All(Metrics(Autoscaler(k8s, app)), m => Assert.Equal("Resource", (string?)m["type"]));
        }
    }

    [Fact]
    public void Production_SiloAutoscaler_AlsoScalesOnActivationsPerSilo()
    {
        var k8s = DeployFiles.Render(DeployFiles.Production);
        var pods = Metrics(Autoscaler(k8s, RenderedManifests.Silo)).Single(m => (string?)m["type"] == "Pods")["pods"]!;
        Assert.Equal(ActivationMetric, (string?)pods["metric"]!["name"]);
        Assert.Equal("AverageValue", (string?)pods["target"]!["type"]);
        Assert.True(long.Parse((string)pods["target"]!["averageValue"]!) > 0);
        // A Pods metric needs a custom metrics adapter: the deployment guide must say how to serve this one.
        var guide = File.ReadAllText(DeployFiles.PathOf("docs/deployment/kubernetes.md"));
        Assert.Contains("prometheus-adapter", guide);
        Assert.Contains(ActivationMetric, guide);
    }

    private static JsonNode Autoscaler(RenderedManifests k8s, string app) =>
        k8s.OfKind("HorizontalPodAutoscaler").Single(h => (string?)h["spec"]!["scaleTargetRef"]!["name"] == app)["spec"]!;

    private static IEnumerable<JsonNode> Metrics(JsonNode spec) => spec["metrics"]!.AsArray().Select(m => m!);
}
