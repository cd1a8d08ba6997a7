using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SocialFlow.Cluster.Tests.Deployment;

/// <summary>
/// YAML documents as JSON nodes, typed the way YAML 1.2's core schema types plain scalars (a quoted "45" stays a
/// string, a plain 45 is a number), with anchors resolved and merge keys (<c>&lt;&lt;: *app</c>) applied, as
/// Kubernetes and Docker Compose read them.
/// </summary>
public static partial class YamlDocuments
{
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(d => ToJson(d.RootNode))
            .OfType<JsonObject>()
            .ToList();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => ToObject(map),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonObject ToObject(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (name == "<<") continue;
            result[name] = ToJson(value);
        }
        // Merge keys: the merged mappings' entries, unless the mapping itself has them (earlier merges win).
        if (map.Children.TryGetValue(new YamlScalarNode("<<"), out var merged))
        {
            var sources = merged is YamlSequenceNode many ? many.Children : [merged];
            foreach (var source in sources.Cast<YamlMappingNode>().Select(ToObject))
            {
                foreach (var (name, value) in source)
                {
                    if (!result.ContainsKey(name)) result[name] = value?.DeepClone();
                }
            }
        }
        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any)) return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        // Numbers go through JSON text, so the node converts to any numeric type a test asks for.
        if (Integer().IsMatch(text)) return JsonNode.Parse(long.Parse(text, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        if (Float().IsMatch(text)) return JsonNode.Parse(double.Parse(text, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
