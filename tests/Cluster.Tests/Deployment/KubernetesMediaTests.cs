using System.Text.Json.Nodes;

namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>Every silo and API pod shares one media store: the base's S3 stand-in, production's real S3.</summary>
public sealed class KubernetesMediaTests
{
    private const string StandIn = "socialflow-s3";
    private static RenderedManifests Base => DeployFiles.Render(DeployFiles.Base);
    private static RenderedManifests Production => DeployFiles.Render(DeployFiles.Production);

    [Fact]
    public void Base_PointsEveryPodAtTheS3StandIn_WhichKeepsItsObjectsOnAPersistentVolume()
    {
        var k8s = Base;
        Assert.Equal("S3", k8s.Config("SocialFlow__Media__Provider"));
        var endpoint = new Uri(k8s.Config("SocialFlow__Media__S3__ServiceUrl"));
        Assert.Equal($"{StandIn}.socialflow.svc", endpoint.Host);
        var service = k8s.Get("Service", StandIn);
        Assert.Contains(service["spec"]!["ports"]!.AsArray(), p => (int)p!["port"]! == endpoint.Port);
        foreach (var app in new[] { RenderedManifests.Silo, RenderedManifests.Api })
        {
            Assert.Contains(k8s.Container(app)["envFrom"]!.AsArray(), e => (string?)e!["configMapRef"]?["name"] == "socialflow-config");
        }

        var pod = k8s.PodSpec(StandIn);
        var claim = (string)Volume(pod, Mount(k8s.Container(StandIn), "/data"))["persistentVolumeClaim"]!["claimName"]!;
        Assert.Equal("ReadWriteOnce", (string)k8s.Get("PersistentVolumeClaim", claim)["spec"]!["accessModes"]![0]!);
        Assert.Equal("Recreate", (string)k8s.Get("Deployment", StandIn)["spec"]!["strategy"]!["type"]!);
        var bucket = k8s.Container(StandIn)["env"]!.AsArray().Single(e => (string)e!["name"]! == "SF_S3_BUCKET")!;
        Assert.Equal("SocialFlow__Media__S3__Bucket", (string)bucket["valueFrom"]!["configMapKeyRef"]!["key"]!);
    }

    [Theory, MemberData(nameof(Kustomizations.AppsOfAll), MemberType = typeof(Kustomizations))]
    public void App_DataDirectory_IsScratchOnly(string kustomization, string app)
    {
        var k8s = DeployFiles.Render(kustomization);
        Assert.Equal("/data", k8s.Config("SocialFlow__DataDirectory"));
        Assert.NotNull(Volume(k8s.PodSpec(app), Mount(k8s.Container(app), "/data"))["emptyDir"]);
        Assert.Equal("S3", k8s.Config("SocialFlow__Media__Provider"));
    }

    [Theory, MemberData(nameof(Kustomizations.AppsOfAll), MemberType = typeof(Kustomizations))]
    public void App_LiveMediaDirectory_IsPodScratch_NoSharedVolume_LiveHlsGoesThroughTheS3Store(string kustomization, string app)
    {
        var k8s = DeployFiles.Render(kustomization);
        var directory = k8s.Config("SocialFlow__Live__MediaDirectory");
        Assert.StartsWith("/data/", directory);
        Assert.DoesNotContain(k8s.Container(app)["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == directory);
        Assert.NotNull(Volume(k8s.PodSpec(app), Mount(k8s.Container(app), "/data"))["emptyDir"]);
        Assert.DoesNotContain(k8s.Objects, o => (string?)o["kind"] == "PersistentVolumeClaim"
            && ((string?)o["spec"]!["accessModes"]?[0] == "ReadWriteMany" || Name(o) == "socialflow-live"));
        Assert.Equal("S3", k8s.Config("SocialFlow__Media__Provider")); // MediaOptions.LiveHlsInStore
    }

    [Fact]
    public void Production_RemovesTheStandIn_AndNamesAnotherEndpoint()
    {
        var removed = Base.Objects.Where(o => Name(o).StartsWith(StandIn, StringComparison.Ordinal)).Select(Key).ToList();
        Assert.Equal(["Deployment/socialflow-s3", "NetworkPolicy/socialflow-s3", "PersistentVolumeClaim/socialflow-s3-data", "Service/socialflow-s3"], removed.Order());
        Assert.DoesNotContain(Production.Objects, o => Name(o).StartsWith(StandIn, StringComparison.Ordinal));
        Assert.Equal("S3", Production.Config("SocialFlow__Media__Provider"));
        Assert.DoesNotContain(StandIn, Production.Config("SocialFlow__Media__S3__ServiceUrl"));
        Assert.NotEqual(Base.Config("SocialFlow__Media__S3__Bucket"), Production.Config("SocialFlow__Media__S3__Bucket"));
    }

    private static string Name(JsonObject o) => (string)o["metadata"]!["name"]!;

    public static string Key(JsonObject o) => $"{o["kind"]}/{Name(o)}";

    private static string Mount(JsonObject container, string path) =>
        (string)container["volumeMounts"]!.AsArray().Single(m => (string?)m!["mountPath"] == path)!["name"]!;

    private static JsonObject Volume(JsonObject pod, string name) =>
        (JsonObject)pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == name)!;
}
