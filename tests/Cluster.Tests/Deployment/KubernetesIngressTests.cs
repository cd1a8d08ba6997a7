using System.Text.Json.Nodes;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Hubs;

namespace SocialFlow.Cluster.Tests.Deployment;

public sealed class KubernetesIngressTests
{
    private const string Nginx = "nginx.ingress.kubernetes.io/";

    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Hubs_HaveAnIngressPathThatKeepsWebSocketsOpen(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var (ingress, path) = Path(k8s, "/hubs");
        Assert.Equal("Prefix", (string?)path["pathType"]);
        foreach (var hub in new[] { NotificationsHub.Path, LiveHub.Path })
        {
            Assert.StartsWith("/hubs/", hub);
        }
        var annotations = ingress["metadata"]!["annotations"]!;
        Assert.True(int.Parse((string)annotations[Nginx + "proxy-read-timeout"]!) >= 3600, $"{k8s}: idle WebSockets would be cut");
        Assert.True(int.Parse((string)annotations[Nginx + "proxy-send-timeout"]!) >= 3600, $"{k8s}: idle WebSockets would be cut");
        Assert.Equal("off", (string?)annotations[Nginx + "proxy-buffering"]);
        Assert.Equal("cookie", (string?)annotations[Nginx + "affinity"]);
        AssertRoutesToTheApi(k8s, path);
    }

    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Api_BelievesForwardedClients_FromPrivateNetworksOnly_WhichOnlyTheControllerAndTheIngestReach(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var proxy = new ProxyOptions { KnownNetworks = [.. Enumerable.Range(0, 3).Select(i => k8s.Config($"SocialFlow__Proxy__KnownNetworks__{i}"))] };
        Assert.Empty(proxy.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(proxy)));
        Assert.All(proxy.Networks(), n => Assert.Contains(n.ToString(), new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16" }));
        var policy = k8s.Get("NetworkPolicy", "socialflow-api");
        var http = policy["spec"]!["ingress"]!.AsArray().Single(r => r!["ports"]!.AsArray().Any(p => (int)p!["port"]! == 8080))!;
        Assert.Equal(2, http["from"]!.AsArray().Count); // the ingress controller's namespace and the ingest pods
    }

    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Api_IngressPath_PassesUploadsThroughUnbuffered(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var (ingress, path) = Path(k8s, "/");
        var annotations = ingress["metadata"]!["annotations"]!;
        Assert.Equal("0", (string?)annotations[Nginx + "proxy-body-size"]);
        Assert.Equal("off", (string?)annotations[Nginx + "proxy-request-buffering"]);
        AssertRoutesToTheApi(k8s, path);
    }

    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Ingress_Hosts_AreTheApisAllowedAndPublicHost(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var allowed = k8s.Config("AllowedHosts").Split(';');
        var publicHost = new Uri(k8s.Config("SocialFlow__PublicBaseUrl")).Host;
        var ingresses = k8s.OfKind("Ingress").ToList();
        Assert.NotEmpty(ingresses);
        foreach (var ingress in ingresses)
        {
            Assert.Equal("nginx", (string?)ingress["spec"]!["ingressClassName"]);
            foreach (var rule in ingress["spec"]!["rules"]!.AsArray())
            {
                var host = (string)rule!["host"]!;
                Assert.Contains(host, allowed);
                Assert.Equal(publicHost, host);
            }
        }
    }

    [Fact]
    public void Production_Ingresses_ServeTlsForTheirHosts()
    {
        var k8s = DeployFiles.Render(DeployFiles.Production);
        foreach (var ingress in k8s.OfKind("Ingress"))
        {
            var tlsHosts = ingress["spec"]!["tls"]?.AsArray().SelectMany(t => t!["hosts"]!.AsArray().Select(h => (string)h!)).ToHashSet() ?? [];
            Assert.All(ingress["spec"]!["rules"]!.AsArray(), r => Assert.Contains((string)r!["host"]!, tlsHosts));
            Assert.Equal("https", new Uri(k8s.Config("SocialFlow__PublicBaseUrl")).Scheme);
        }
    }

    private static (JsonObject Ingress, JsonNode Path) Path(RenderedManifests k8s, string path)
    {
        var found = k8s.OfKind("Ingress")
            .SelectMany(i => i["spec"]!["rules"]!.AsArray().SelectMany(r => r!["http"]!["paths"]!.AsArray()).Select(p => (Ingress: i, Path: p!)))
            .Where(x => (string?)x.Path["path"] == path)
            .ToList();
        Assert.True(found.Count == 1, $"{k8s}: {found.Count} Ingress paths {path}");
        return found[0];
    }

    private static void AssertRoutesToTheApi(RenderedManifests k8s, JsonNode path)
    {
        var backend = path["backend"]!["service"]!;
        Assert.Equal(RenderedManifests.Api, (string?)backend["name"]);
        var ports = k8s.Get("Service", RenderedManifests.Api)["spec"]!["ports"]!.AsArray();
        Assert.Contains(ports, p => backend["port"]!["name"] is { } name ? (string?)p!["name"] == (string)name! : (int?)p!["port"] == (int)backend["port"]!["number"]!);
    }
}
