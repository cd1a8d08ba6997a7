using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocialFlow.ApiHost.Tests.Input;

/// <summary>One request of the catalogue: what it tries, and how to send it (a fresh body each time it is sent).</summary>
public sealed record BadRequestCase(string Variant, HttpMethod Method, string Url, Func<HttpContent?> Body)
{
    public override string ToString() => $"{Method} {(Url.Length > 120 ? Url[..120] + "…" : Url)} [{Variant}]";
}

/// <summary>
/// Bad input for every operation of the OpenAPI document the host serves, read at run time: only its paths, methods,
/// parameters and the property names and types of its request bodies are used, so a new route is covered as it is mapped.
/// <c>goodValue(parameter, path)</c> names a good value for a path parameter (another user's object, mostly).
/// </summary>
public sealed class BadInputCatalogue(JsonElement document, Func<string, string, string> goodValue)
{
    public const int HugeString = 1_000_000;
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete", "head", "options"];
    private static readonly string[] BadPathValues =
        ["..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "%01", "%1b%5b31m", "%ff%fe", "%C0%AE", new string('a', 4000), "not-a-uuid",
         "00000000-0000-0000-0000-000000000000", "-1", "%20", "null"];
    private static readonly string[] BadQueryValues = ["%00", "%01", "%ff", new string('9', 5000), "-1", "abc", "", "1e400", "%5B%5D"];

    public IEnumerable<BadRequestCase> Cases()
    {
        foreach (var (path, item) in document.GetProperty("paths").EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            foreach (var method in Methods.Where(m => item.TryGetProperty(m, out _)))
            {
                foreach (var c in OperationCases(path, new HttpMethod(method.ToUpperInvariant()), item.GetProperty(method))) yield return c;
            }
        }
    }

    private IEnumerable<BadRequestCase> OperationCases(string template, HttpMethod method, JsonElement operation)
    {
        var pathParams = System.Text.RegularExpressions.Regex.Matches(template, "{([^}]+)}").Select(m => m.Groups[1].Value).ToList();
        var queryParams = operation.TryGetProperty("parameters", out var ps)
            ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
            : [];
        var schema = JsonBodySchema(operation);
        var baseline = schema is null ? null : Baseline(schema.Value);
        string Url(string? param = null, string? raw = null, string query = "") =>
            pathParams.Aggregate(template, (url, p) => url.Replace($"{{{p}}}", p == param ? raw! : Uri.EscapeDataString(goodValue(p, template)))) + query;
        HttpContent? Json(string json, string contentType = "application/json") => new StringContent(json, Encoding.UTF8).With(contentType);
        var good = baseline?.ToJsonString() ?? "{}";
        Func<HttpContent?> goodBody = baseline is null ? () => null : () => Json(good);

        yield return new("as documented", method, Url(), goodBody);
        foreach (var param in pathParams)
        {
            foreach (var bad in BadPathValues) yield return new($"path {param}={(bad.Length > 20 ? bad.Length + " chars" : bad)}", method, Url(param, bad), goodBody);
        }
        foreach (var name in queryParams)
        {
            foreach (var bad in BadQueryValues) yield return new($"query {name}={(bad.Length > 20 ? bad.Length + " chars" : bad)}", method, Url(query: $"?{name}={bad}"), goodBody);
        }
        if (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options) yield break;

        var oversize = "{\"x\":\"" + new string('a', 1024 * 1024) + "\"}";
        yield return new("body over 1 MiB", method, Url(), () => Json(oversize));
        yield return new("malformed JSON", method, Url(), () => Json("{\"a\":"));
        yield return new("JSON null", method, Url(), () => Json("null"));
        yield return new("JSON array", method, Url(), () => Json("[1,2]"));
        yield return new("JSON string", method, Url(), () => Json("\"text\""));
        yield return new("deep nesting", method, Url(), () => Json(new string('[', 5000) + new string(']', 5000)));
        yield return new("charset=bogus", method, Url(), () => Json(good, "application/json; charset=bogus"));
        yield return new("charset=utf-32", method, Url(), () => Json(good, "application/json; charset=utf-32"));
        yield return new("text/plain", method, Url(), () => Json(good, "text/plain"));
        yield return new("application/xml", method, Url(), () => Json("<a/>", "application/xml"));
        yield return new("no content type", method, Url(), () => Json(good, ""));
        yield return new("empty JSON body", method, Url(), () => Json(""));
        yield return new("invalid UTF-8", method, Url(), () => new ByteArrayContent([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).With("application/json"));
        if (baseline is null) yield break;

        var unknown = baseline.DeepClone().AsObject();
        unknown["unknown_field_zz"] = 1;
        yield return new("unknown field", method, Url(), () => Json(unknown.ToJsonString()));
        var firstString = true;
        foreach (var (name, type) in Properties(schema!.Value))
        {
            string With(JsonNode? value)
            {
                var body = baseline.DeepClone().AsObject();
                body[name] = value;
                return body.ToJsonString();
            }
            var variants = new List<(string, string)> { ("null", With(null)), ("object", With(new JsonObject { ["a"] = 1 })) };
            variants.Add(type == "string" ? ("number", With(12345)) : ("string", With("not-a-" + type)));
            if (type is "string" or "array")
            {
                var inner = type == "array" ? (Func<string, string>)(s => $"[\"ok\",\"{s}\"]") : s => $"\"{s}\"";
                variants.Add(("NUL", With(null).Replace($"\"{name}\":null", $"\"{name}\":{inner("a\\u0000b")}", StringComparison.Ordinal)));
                variants.Add(("control characters", With(null).Replace($"\"{name}\":null", $"\"{name}\":{inner("\\u0001\\u001b[31m\\u0008\\u007f")}", StringComparison.Ordinal)));
                variants.Add(("lone surrogate", With(null).Replace($"\"{name}\":null", $"\"{name}\":{inner("x\\ud800y")}", StringComparison.Ordinal)));
                if (type == "array") variants.Add(("wrong item types", With(new JsonArray(1, true, null))));
            }
            if (type == "string" && firstString)
            {
                firstString = false;
                var huge = With(new string('x', HugeString));
                variants.Add(("1 MB string", huge));
            }
            foreach (var (variant, json) in variants) yield return new($"{name}: {variant}", method, Url(), () => Json(json));
        }
    }

    private JsonElement? JsonBodySchema(JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content)
            || !content.TryGetProperty("application/json", out var json) || !json.TryGetProperty("schema", out var schema)) return null;
        if (schema.TryGetProperty("oneOf", out var oneOf)) schema = oneOf.EnumerateArray().FirstOrDefault(s => s.TryGetProperty("$ref", out _));
        return schema.ValueKind == JsonValueKind.Object ? Resolve(schema) : null;
    }

    private JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var r)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(r.GetString()!.Split('/')[^1])
            : schema;

    private IEnumerable<(string Name, string Type)> Properties(JsonElement schema) =>
        schema.TryGetProperty("properties", out var props)
            ? props.EnumerateObject().Select(p => (p.Name, TypeOf(Resolve(p.Value))))
            : [];

    private static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type)) return "object";
        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        return types.FirstOrDefault(t => t is "integer" or "number" or "boolean" or "array" or "object") ?? (types.Contains("string") ? "string" : "object");
    }

    /// <summary>A body that may pass validation: plausible values by type, and by name where a field takes a fixed word.</summary>
    private JsonObject Baseline(JsonElement schema)
    {
        var body = new JsonObject();
        foreach (var (name, type) in Properties(schema))
        {
            body[name] = name switch
            {
                "visibility" => "public",
                "email" => "guard@example.com",
                "theme" => "system",
                "playback_quality" => "auto",
                "reaction" => "love",
                _ => type switch
                {
                    "string" => "guard text",
                    "integer" or "number" => 60,
                    "boolean" => true,
                    "array" => new JsonArray(),
                    _ => new JsonObject(),
                },
            };
        }
        return body;
    }
}

internal static class ContentExtensions
{
    /// <summary>Sets the Content-Type exactly as given (none when empty), bypassing the header's own validation.</summary>
    public static HttpContent With(this HttpContent content, string contentType)
    {
        content.Headers.Remove("Content-Type");
        if (contentType.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}
