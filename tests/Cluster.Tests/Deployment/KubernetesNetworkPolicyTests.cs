namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>Who can connect to which port, evaluated over every client the cluster can hold.</summary>
public sealed class KubernetesNetworkPolicyTests
{
    private const string Namespace = "socialflow";

    public static TheoryData<string, string, int, string> Ports
    {
        get
        {
            var data = new TheoryData<string, string, int, string>();
            foreach (var k in new[] { DeployFiles.Base, DeployFiles.Production })
            {
                data.Add(k, "socialflow-silo", 30000, "api");                   // Orleans gateway: the API hosts only
                data.Add(k, "socialflow-silo", 11111, "silo");                  // silo to silo
                data.Add(k, "socialflow-silo", 8081, "");                       // health: kubelet probes come from the node
                data.Add(k, "socialflow-postgres", 5432, "silo");
                data.Add(k, "socialflow-redis", 6379, "silo,api");
                data.Add(k, "socialflow-api", 8080, "ingress-controller,ingest");
                data.Add(k, "socialflow-silo", 9464, "prometheus");              // /metrics: the monitoring namespace only
                data.Add(k, "socialflow-api", 9464, "prometheus");
                data.Add(k, "socialflow-ingest", 1935, "silo,api,ingest,postgres,redis,other-pod,other-namespace,ingress-controller,prometheus,internet");
                data.Add(k, "socialflow-ingest", 18935, "silo");
            }
            data.Add(DeployFiles.Base, "socialflow-s3", 4569, "silo,api");      // the S3 stand-in (production has none)
            return data;
        }
    }

    [Theory, MemberData(nameof(Ports))]
    public void Port_AdmitsExactlyItsClients(string kustomization, string workload, int port, string expected)
    {
        var k8s = DeployFiles.Render(kustomization);
        var model = new NetworkPolicyModel(k8s);
        var admitted = Clients(k8s).Where(c => model.Admits(c, workload, port)).Select(c => c.Name).ToHashSet();
        var wanted = expected.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.True(wanted.SetEquals(admitted),
            $"{k8s}: {workload}:{port} admits [{string.Join(", ", admitted.Order())}], expected [{string.Join(", ", wanted.Order())}]");
    }

    [Theory, MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void PodWithoutItsOwnPolicy_AdmitsNothing(string kustomization)
    {
        var k8s = DeployFiles.Render(kustomization);
        var model = new NetworkPolicyModel(k8s);
        var newcomer = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "added-later" };
        foreach (var port in new[] { 80, 8080, 5432 })
        {
            var admitted = Clients(k8s).Where(c => model.Admits(c, newcomer, Namespace, port)).Select(c => c.Name).ToList();
            Assert.True(admitted.Count == 0, $"{k8s}: a new pod's port {port} admits [{string.Join(", ", admitted)}]: no default deny");
        }
    }

    private static IEnumerable<Client> Clients(RenderedManifests k8s)
    {
        foreach (var (name, workload) in new[]
                 {
                     ("silo", "socialflow-silo"), ("api", "socialflow-api"), ("ingest", "socialflow-ingest"),
                     ("postgres", "socialflow-postgres"), ("redis", "socialflow-redis"),
                 })
        {
            yield return new Client(name, Namespace, k8s.PodLabels(workload));
        }
        yield return new Client("other-pod", Namespace, new Dictionary<string, string> { ["app.kubernetes.io/name"] = "debug" });
        // Another namespace's pod wearing the API's labels: pod labels alone must not let it in.
        yield return new Client("other-namespace", "default", k8s.PodLabels("socialflow-api"));
        yield return new Client("ingress-controller", "ingress-nginx", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "ingress-nginx" });
        yield return new Client("prometheus", "monitoring", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "prometheus" });
        yield return new Client("internet", null, new Dictionary<string, string>());
    }
}
