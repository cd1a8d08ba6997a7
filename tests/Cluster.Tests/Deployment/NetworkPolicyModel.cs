using System.Text.Json.Nodes;

namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>A pod that opens a connection: where it runs and its labels; no namespace means outside the cluster.</summary>
public sealed record Client(string Name, string? Namespace, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// What NetworkPolicy ingress rules admit, evaluated as the API defines it: a pod selected by no Ingress policy admits
/// everything; otherwise a connection is admitted when some rule of some selecting policy matches both the port (by
/// number, or by the name of the target container's port) and the client (podSelector in the policy's namespace,
/// namespaceSelector on the namespace's labels, ipBlock only for clients outside the cluster). Selectors with
/// matchExpressions are refused rather than misread.
/// </summary>
public sealed class NetworkPolicyModel(RenderedManifests k8s)
{
    public bool Admits(Client client, string workload, int port) =>
        Admits(client, k8s.PodLabels(workload), (string?)k8s.PodTemplate(workload).Parent?.Parent?["metadata"]?["namespace"], port, workload);

    /// <summary>For a pod that is none of the rendered workloads (ports by number only).</summary>
    public bool Admits(Client client, IReadOnlyDictionary<string, string> target, string targetNamespace, int port) =>
        Admits(client, target, targetNamespace, port, workload: null);

    private bool Admits(Client client, IReadOnlyDictionary<string, string> target, string? targetNamespace, int port, string? workload)
    {
        var selecting = k8s.OfKind("NetworkPolicy")
            .Where(p => (string?)p["metadata"]!["namespace"] == targetNamespace)
            .Where(p => RenderedManifests.Selects(p["spec"]!["podSelector"], target))
            .Where(p => p["spec"]!["policyTypes"] is not JsonArray types || types.Any(t => (string?)t == "Ingress"))
            .ToList();
        if (selecting.Count == 0) return true;
        return selecting.Any(p => (p["spec"]!["ingress"]?.AsArray() ?? []).Any(rule =>
            PortMatches(rule!["ports"] as JsonArray, workload, port) && ClientMatches(rule["from"] as JsonArray, targetNamespace, client)));
    }

    private bool PortMatches(JsonArray? ports, string? workload, int port)
    {
        if (ports is null || ports.Count == 0) return true;
        return ports.Any(p =>
        {
            if ((string?)p!["protocol"] is { } protocol && protocol != "TCP") return false;
            var declared = p["port"];
            if (declared is null) return true;
            var number = declared.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? (int)declared
                : workload is null ? null : (int?)k8s.Container(workload)["ports"]?.AsArray().FirstOrDefault(c => (string?)c!["name"] == (string)declared!)?["containerPort"];
            var end = (int?)p["endPort"] ?? number;
            return number <= port && port <= end;
        });
    }

    private static bool ClientMatches(JsonArray? from, string? policyNamespace, Client client)
    {
        if (from is null || from.Count == 0) return true;
        return from.Any(peer =>
        {
            if (peer!["ipBlock"] is not null) return client.Namespace is null;
            if (client.Namespace is null) return false;
            var namespaceLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = client.Namespace };
            var namespaceOk = peer["namespaceSelector"] is { } ns
                ? RenderedManifests.Selects(ns, namespaceLabels)
                : client.Namespace == policyNamespace;
            var podOk = peer["podSelector"] is not { } pods || RenderedManifests.Selects(pods, client.Labels);
            return namespaceOk && podOk;
        });
    }
}
