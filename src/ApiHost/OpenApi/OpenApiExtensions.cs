namespace SocialFlow.ApiHost.OpenApi;

/// <summary>
/// The OpenAPI document at /openapi/v1.json, made true by transformers that read the code rather than annotations:
/// required fields from the requests' own validation, the bearer scheme from the endpoints' authorization metadata,
/// and the problem responses from what the host does to every request plus what a route declares.
/// </summary>
public static class OpenApiExtensions
{
    public static IServiceCollection AddSocialFlowOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddSchemaTransformer<RequiredFieldsTransformer>();
        options.AddDocumentTransformer<BearerSecurityTransformer>();
        options.AddOperationTransformer<BearerSecurityTransformer>();
        options.AddOperationTransformer<ProblemResponsesTransformer>();
    });
}
