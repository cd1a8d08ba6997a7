using System.Text.Json.Nodes;

namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>The objects one kustomization renders to, with the look-ups the manifest tests share.</summary>
public sealed class RenderedManifests(string kustomization, string yaml, IReadOnlyList<JsonObject> objects)
{
    public const string Silo = "socialflow-silo";
    public const string Api = "socialflow-api";

    public string Kustomization => kustomization;
    public string Yaml => yaml;
    public IReadOnlyList<JsonObject> Objects => objects;

    public IEnumerable<JsonObject> OfKind(string kind) => objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Get(string kind, string name)
    {
        var found = OfKind(kind).Where(o => (string?)o["metadata"]?["name"] == name).ToList();
        Assert.True(found.Count == 1, $"{kustomization}: expected one {kind} {name}, found {found.Count}");
        return found[0];
    }

    /// <summary>The pod template of a Deployment or StatefulSet.</summary>
    public JsonObject PodTemplate(string workload) =>
        objects.Where(o => (string?)o["kind"] is "Deployment" or "StatefulSet" && (string?)o["metadata"]?["name"] == workload)
            .Select(o => o["spec"]?["template"] as JsonObject)
            .SingleOrDefault() ?? throw new Xunit.Sdk.XunitException($"{kustomization}: no workload {workload}");

    public JsonObject PodSpec(string workload) => (JsonObject)PodTemplate(workload)["spec"]!;

    public IReadOnlyDictionary<string, string> PodLabels(string workload) => Labels(PodTemplate(workload)["metadata"]?["labels"]);

    /// <summary>The workload's first container: each of ours runs one.</summary>
    public JsonObject Container(string workload) => (JsonObject)PodSpec(workload)["containers"]![0]!;

    public static string? Env(JsonObject container, string name) =>
        container["env"]?.AsArray().FirstOrDefault(e => (string?)e!["name"] == name)?["value"]?.GetValue<string>();

    public string Config(string key) =>
        (string?)Get("ConfigMap", "socialflow-config")["data"]?[key] ?? throw new Xunit.Sdk.XunitException($"{kustomization}: ConfigMap has no {key}");

    public static IReadOnlyDictionary<string, string> Labels(JsonNode? node) =>
        node is JsonObject map ? map.ToDictionary(p => p.Key, p => p.Value!.ToString()) : new Dictionary<string, string>();

    /// <summary>True when every matchLabels pair is among the labels; matchExpressions are not read, so they fail.</summary>
    public static bool Selects(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null) return false;
        Assert.Null(selector["matchExpressions"]);
        return Labels(selector["matchLabels"]).All(p => labels.TryGetValue(p.Key, out var v) && v == p.Value);
    }

    public override string ToString() => kustomization;
}
