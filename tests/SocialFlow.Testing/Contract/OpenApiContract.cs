using System.Text.Json;

namespace SocialFlow.Testing.Contract;

/// <summary>An operation of the document: its method (lower case, as the document keys it), path and JSON.</summary>
public sealed record DocumentedOperation(string Method, string Path, JsonElement Operation)
{
    public bool RequiresBearer => Operation.TryGetProperty("security", out var s)
        && s.EnumerateArray().Any() && s.EnumerateArray().All(r => r.EnumerateObject().Any());

    public JsonElement? Response(int status) =>
        Operation.TryGetProperty("responses", out var r) && r.TryGetProperty(status.ToString(), out var found) ? found : null;

    public IEnumerable<int> Statuses => Operation.TryGetProperty("responses", out var r)
        ? r.EnumerateObject().Select(p => int.TryParse(p.Name, out var s) ? s : 0).Where(s => s > 0) : [];

    public IEnumerable<JsonElement> Parameters(string location) => Operation.TryGetProperty("parameters", out var p)
        ? p.EnumerateArray().Where(x => x.GetProperty("in").GetString() == location) : [];

    /// <summary>The schema of the JSON request body, when the operation takes one.</summary>
    public JsonElement? JsonBody => Operation.TryGetProperty("requestBody", out var b) && b.GetProperty("content").TryGetProperty("application/json", out var m)
        ? m.GetProperty("schema") : null;

    public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
}

/// <summary>
/// Reads the OpenAPI document and checks JSON values against its schemas: the part of JSON Schema 2020-12 that
/// Microsoft.AspNetCore.OpenApi writes ($ref, type, properties, required, additionalProperties, items, enum, anyOf,
/// oneOf, allOf). A property a body has and its schema does not declare counts as a difference: clients never see it.
/// </summary>
public sealed class OpenApiContract(JsonElement document)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch"];

    public JsonElement Document { get; } = document;

    public static OpenApiContract Parse(string json) => new(JsonDocument.Parse(json).RootElement.Clone());

    public IEnumerable<DocumentedOperation> Operations =>
        from path in Document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        where Methods.Contains(method.Name)
        select new DocumentedOperation(method.Name, path.Name, method.Value);

    public DocumentedOperation? Find(string method, string path) =>
        Document.GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out var op)
            ? new DocumentedOperation(method.ToLowerInvariant(), path, op) : null;

    /// <summary>Follows <c>$ref</c> (a JSON pointer into this document) until a schema without one.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var r) && hops < 32; hops++)
        {
            schema = Pointer(r.GetString()!);
        }
        return schema;
    }

    /// <summary>The differences between <paramref name="value"/> and <paramref name="schema"/>, each naming where it is.</summary>
    public List<string> Check(JsonElement schema, JsonElement value, string at = "$")
    {
        var problems = new List<string>();
        Check(schema, value, at, problems, 0);
        return problems;
    }

    private void Check(JsonElement schema, JsonElement value, string at, List<string> problems, int depth)
    {
        if (depth > 64 || schema.ValueKind == JsonValueKind.True) return;
        if (schema.ValueKind == JsonValueKind.False) { problems.Add($"{at}: not allowed here"); return; }
        if (schema.TryGetProperty("$ref", out var reference)) Check(Pointer(reference.GetString()!), value, at, problems, depth + 1);
        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Any(t => Is(value, t))) { problems.Add($"{at}: {value.ValueKind} where the document says {string.Join(" or ", types)}"); return; }
        }
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.GetRawText() == value.GetRawText()))
        {
            problems.Add($"{at}: {value.GetRawText()} is not one of {allowed.GetRawText()}");
        }
        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(keyword, out var branches) && !branches.EnumerateArray().Any(b => Check(b, value, at).Count == 0))
            {
                problems.Add($"{at}: matches none of the {keyword} branches");
            }
        }
        if (schema.TryGetProperty("allOf", out var all)) foreach (var part in all.EnumerateArray()) Check(part, value, at, problems, depth + 1);
        if (value.ValueKind == JsonValueKind.Object) CheckObject(schema, value, at, problems, depth);
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray().Take(50)) Check(items, item, $"{at}[{i++}]", problems, depth + 1);
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string at, List<string> problems, int depth)
    {
        var hasProperties = schema.TryGetProperty("properties", out var properties);
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
            {
                problems.Add($"{at}.{name}: required by the document, missing from the body");
            }
        }
        var extra = schema.TryGetProperty("additionalProperties", out var a) ? a : (JsonElement?)null;
        foreach (var property in value.EnumerateObject())
        {
            var where = $"{at}.{property.Name}";
            if (hasProperties && properties.TryGetProperty(property.Name, out var declared)) Check(declared, property.Value, where, problems, depth + 1);
            else if (extra is { } additional) Check(additional, property.Value, where, problems, depth + 1);
            else if (hasProperties) problems.Add($"{where}: in the body, not in the document");
        }
    }

    private static bool Is(JsonElement value, string type) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        _ => true,
    };

    private JsonElement Pointer(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) throw new InvalidOperationException($"Only local references are supported: {reference}");
        var node = Document;
        foreach (var part in reference[2..].Split('/'))
        {
            var name = part.Replace("~1", "/").Replace("~0", "~");
            if (!node.TryGetProperty(name, out node)) throw new InvalidOperationException($"Dangling reference {reference}");
        }
        return node;
    }
}
