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
            ["creator_id"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Format = "uuid",
                Description = "membership_required and purchase_required: the creator whose tier or video would grant access.",
            },
            ["min_rank"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "membership_required: the lowest tier rank that grants access." },
            ["plans"] = Text("membership_required: where the creator's tiers are listed; premium_required: where the platform's plans are."),
            ["perk"] = Text("premium_required: the platform plan perk that would grant access (e.g. hd_renditions)."),
            ["price"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "purchase_required (and membership_required of a priced video): what the video costs.",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["amount"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "Minor units." },
                    ["currency"] = Text("Lower-case ISO 4217."),
                },
            },
            ["purchase"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Where there is a price: the request that buys the video.",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["method"] = Text("POST."),
                    ["path"] = Text("/api/v1/payments."),
                    ["kind"] = Text("video_purchase."),
                    ["target_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", Description = "The video." },
                },
            },
        },
    };

    private static OpenApiSchema Text(string description, bool nullable = false) =>
        new() { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, Description = description };
}
