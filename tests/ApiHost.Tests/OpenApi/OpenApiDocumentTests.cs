using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Testing.Contract;

namespace SocialFlow.ApiHost.Tests.OpenApi;

/// <summary>
/// The claims the OpenAPI document makes about every operation, checked against what the server does: who must sign
/// in, which request fields are required, and which problems each operation lists. Responses are held to the document
/// by <see cref="RecordedResponsesTests"/>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class OpenApiDocumentTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Security_BearerSchemeDeclared_AndRequiredExactlyWhereAnonymousCallersGet401()
    {
        var contract = await ContractAsync();
        var scheme = contract.Document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var wrong = new List<string>();
        foreach (var operation in contract.Operations)
        {
            using var response = await SendAsync(operation, operation.JsonBody is null ? null : "{}", bearer: null);
            var refused = response.StatusCode == HttpStatusCode.Unauthorized;
            if (refused != operation.RequiresBearer)
            {
                wrong.Add($"{operation}: anonymous call answered {(int)response.StatusCode}, the document says the bearer token is "
                    + (operation.RequiresBearer ? "required" : "optional"));
            }
            if (operation.RequiresBearer && operation.Response(401) is null) wrong.Add($"{operation}: needs a token but lists no 401");
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    /// <summary>
    /// For each JSON body: the body built from the required fields alone is not refused for a field it left out (else
    /// that field is required but documented optional), and leaving out any one required field gets it named (else it
    /// is documented required but optional). Only 400 answers with field errors are evidence; others are skipped.
    /// </summary>
    [Fact]
    public async Task RequestSchemas_RequireExactlyTheFieldsValidationRefusesWhenAbsent()
    {
        var contract = await ContractAsync();
        var wrong = new List<string>();
        foreach (var operation in contract.Operations.Where(o => o.JsonBody is not null))
        {
            var schema = contract.Resolve(operation.JsonBody!.Value);
            if (!schema.TryGetProperty("properties", out var properties)) continue;
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var minimal = new JsonObject();
            foreach (var field in required) minimal[field] = Sample(contract.Resolve(properties.GetProperty(field)));

            // A user of its own per operation: a body may end the session (logout) or change the account.
            var (_, tokens) = await _client.SignUpAsync();
            var named = await FieldErrorsAsync(operation, minimal, tokens.AccessToken);
            foreach (var field in named.Where(f => !required.Contains(f)))
            {
                // Optional if some other field makes up for it ("text unless the post has images", "text or visibility").
                var others = properties.EnumerateObject().Select(p => p.Name).Where(p => p != field && !required.Contains(p));
                var excused = false;
                foreach (var other in others)
                {
                    var with = minimal.DeepClone().AsObject();
                    with[other] = Sample(contract.Resolve(properties.GetProperty(other)), nonEmpty: true);
                    if (!(await FieldErrorsAsync(operation, with, tokens.AccessToken)).Contains(field)) { excused = true; break; }
                }
                if (!excused) wrong.Add($"{operation}: a body of the required fields only is refused for {field}, which the document says is optional");
            }
            foreach (var field in required)
            {
                var without = minimal.DeepClone().AsObject();
                without.Remove(field);
                if (await FieldErrorsAsync(operation, without, tokens.AccessToken) is { Count: > 0 } errors && !errors.Contains(field))
                {
                    wrong.Add($"{operation}: {field} is documented as required, but a body without it is not refused for it ({string.Join(", ", errors)})");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public async Task Errors_EveryOperationListsItsProblems_AsProblemJson()
    {
        var contract = await ContractAsync();
        var wrong = new List<string>();
        foreach (var operation in contract.Operations.Where(o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            var expected = new List<int> { 429, 503 };
            if (operation.RequiresBearer) expected.Add(401);
            if (operation.JsonBody is not null) expected.AddRange([400, 413, 415]);
            if (operation.Parameters("path").Any()) expected.Add(404);
            wrong.AddRange(expected.Where(s => operation.Response(s) is null).Select(s => $"{operation}: {s} not listed"));
            foreach (var status in operation.Statuses.Where(s => s >= 400))
            {
                var content = operation.Response(status)!.Value.TryGetProperty("content", out var c) ? c : default;
                if (content.ValueKind != JsonValueKind.Object || !content.TryGetProperty("application/problem+json", out var media)
                    || media.GetProperty("schema").GetProperty("$ref").GetString() != "#/components/schemas/Problem")
                {
                    wrong.Add($"{operation}: {status} is not application/problem+json with the Problem schema");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        var problem = contract.Document.GetProperty("components").GetProperty("schemas").GetProperty("Problem");
        var required = problem.GetProperty("required").EnumerateArray().Select(x => x.GetString()!).ToHashSet();
        Assert.Superset(new HashSet<string> { "type", "title", "status", "code", "trace_id" }, required);
    }

    private async Task<OpenApiContract> ContractAsync() => OpenApiContract.Parse(await _client.GetStringAsync("/openapi/v1.json"));

    /// <summary>The field names (top level) of a 400's field errors; empty for any other answer.</summary>
    private async Task<List<string>> FieldErrorsAsync(DocumentedOperation operation, JsonObject body, string bearer)
    {
        using var response = await SendAsync(operation, body.ToJsonString(), bearer);
        if (response.StatusCode != HttpStatusCode.BadRequest) return [];
        var problem = await response.ReadJsonAsync();
        return problem.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateObject().Select(e => e.Name.Split('.', '[')[0]).Distinct()]
            : [];
    }

    private async Task<HttpResponseMessage> SendAsync(DocumentedOperation operation, string? json, string? bearer)
    {
        var url = operation.Path;
        foreach (var parameter in operation.Parameters("path"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            var schema = parameter.GetProperty("schema");
            var value = schema.TryGetProperty("format", out var f) && f.GetString() == "uuid" ? Guid.NewGuid().ToString()
                : schema.TryGetProperty("pattern", out var p) && FirstAlternative().Match(p.GetString()!) is { Success: true } m ? m.Groups[1].Value
                : "nobody_" + Guid.NewGuid().ToString("N")[..8];
            url = url.Replace($"{{{name}}}", value);
        }
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await _client.SendAsync(request);
    }

    private static JsonNode? Sample(JsonElement schema, bool nonEmpty = false)
    {
        var types = !schema.TryGetProperty("type", out var t) ? [] : t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(x => x.GetString()).ToList() : [t.GetString()];
        return types.FirstOrDefault(x => x != "null") switch
        {
            "integer" or "number" => 1,
            "boolean" => true,
            "array" => nonEmpty && schema.TryGetProperty("items", out var items) ? new JsonArray(ItemSample(items)) : new JsonArray(),
            "object" => new JsonObject(),
            _ => "x",
        };
    }

    private static JsonNode? ItemSample(JsonElement items) =>
        items.TryGetProperty("format", out var f) && f.GetString() == "uuid" ? Guid.NewGuid().ToString() : Sample(items);

    /// <summary>"videos" of a route constraint's pattern such as ^(videos|posts|comments)$.</summary>
    [GeneratedRegex(@"^\^\(([A-Za-z0-9_-]+)\|")]
    private static partial Regex FirstAlternative();
}
