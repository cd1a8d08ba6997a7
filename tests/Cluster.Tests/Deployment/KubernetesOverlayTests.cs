namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>What the production overlay changes on top of the base.</summary>
public sealed class KubernetesOverlayTests
{
    private static RenderedManifests Base => DeployFiles.Render(DeployFiles.Base);
    private static RenderedManifests Production => DeployFiles.Render(DeployFiles.Production);

    [Theory]
    [InlineData(RenderedManifests.Silo)]
    [InlineData(RenderedManifests.Api)]
    [InlineData("socialflow-ingest")]
    public void Production_RunsAReleasedImageFromARegistry(string workload)
    {
        var image = (string)Production.Container(workload)["image"]!;
        Assert.NotEqual((string)Base.Container(workload)["image"]!, image);
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var colon = image.LastIndexOf(':');
        Assert.True(slash > 0 && image[..slash].Contains('.'), $"{image}: no registry host");
        Assert.True(colon > slash, $"{image}: no tag");
        Assert.DoesNotContain(image[(colon + 1)..], new[] { "latest", "local" });
    }

    [Theory]
    [InlineData(RenderedManifests.Silo)]
    [InlineData(RenderedManifests.Api)]
    public void Production_RunsMoreAndLargerPods(string app)
    {
        Assert.True(MinReplicas(Production, app) > MinReplicas(Base, app), $"{app}: production minReplicas not above the base's");
        Assert.True(MaxReplicas(Production, app) > MaxReplicas(Base, app), $"{app}: production maxReplicas not above the base's");
        foreach (var kind in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var before = Quantity((string)Base.Container(app)["resources"]![kind]![resource]!);
                var after = Quantity((string)Production.Container(app)["resources"]![kind]![resource]!);
                Assert.True(after > before, $"{app} {kind}.{resource}: production {after} not above the base's {before}");
            }
        }
    }

    [Fact]
    public void Production_KeepsEveryBaseObject_ButTheS3StandIn()
    {
        var kept = Base.Objects.Select(KubernetesMediaTests.Key).Where(k => !k.EndsWith("/socialflow-s3", StringComparison.Ordinal) && !k.EndsWith("/socialflow-s3-data", StringComparison.Ordinal));
        Assert.Equal(kept.Order(), Production.Objects.Select(KubernetesMediaTests.Key).Order());
    }

    private static int MinReplicas(RenderedManifests k8s, string app) => (int)Autoscaler(k8s, app)["minReplicas"]!;

    private static int MaxReplicas(RenderedManifests k8s, string app) => (int)Autoscaler(k8s, app)["maxReplicas"]!;

    private static System.Text.Json.Nodes.JsonNode Autoscaler(RenderedManifests k8s, string app) =>
        k8s.OfKind("HorizontalPodAutoscaler").Single(h => (string?)h["spec"]!["scaleTargetRef"]!["name"] == app)["spec"]!;

    /// <summary>A Kubernetes quantity ("500m", "2", "1Gi", "512Mi") as a number, for comparing two of a kind.</summary>
    private static double Quantity(string text)
    {
        var units = new (string Suffix, double Factor)[] { ("Ki", 1024), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1L << 40), ("m", 0.001), ("k", 1e3), ("M", 1e6), ("G", 1e9) };
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)) return double.Parse(text[..^suffix.Length], System.Globalization.CultureInfo.InvariantCulture) * factor;
        }
        return double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
