using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace SocialFlow.ApiHost.OpenApi;

/// <summary>The RFC 7807 body every error has (<see cref="Hosting.Problems"/>), as the document's "Problem" component.</summary>
internal static class ProblemSchema
{
    public const string Id = "Problem";

    public static OpenApiSchemaReference Reference(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(Id, Create());
        return new OpenApiSchemaReference(Id, document);
    }

    private static OpenApiSchema Create() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 7807 problem details. `code` is stable and machine-readable (also the last segment of `type`).",
        Required = new HashSet<string> { "type", "title", "status", "code", "trace_id" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text($"{Hosting.Problems.TypePrefix}{{code}}"),
            ["title"] = Text("The status in words."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The HTTP status." },
            ["detail"] = Text("What went wrong, for a person.", nullable: true),
            ["instance"] = Text("The request path, when given.", nullable: true),
            ["code"] = Text("e.g. validation_failed, not_found, rate_limited."),
            ["trace_id"] = Text("Quote it when reporting a problem."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "validation_failed only: the messages for each field (snake_case).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text("A message.") },
            },
            ["retry_after"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "429 and 503: seconds to wait, as the Retry-After header." },
            ["until"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Format = "date-time",
                Description = "account_suspended only: when the suspension ends (absent: for good).",
            },
        },
    };

    private static OpenApiSchema Text(string description, bool nullable = false) =>
        new() { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, Description = description };
}
