using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace SocialFlow.ApiHost.OpenApi;

/// <summary>
/// Lists the problem responses (application/problem+json, the <see cref="ProblemSchema"/>) each operation can give:
/// those the host gives any request of its shape (503 when a dependency is down and 429 over the rate limit, for all;
/// 401 without a token where one is needed; 403 where a role is; 400 for a body, query, header or text path value (the
/// text rule); 413 and 415 for any method that can carry a body, since the size limit and the charset check apply
/// before the endpoint, whether it reads a body or not; 404 for a path parameter), and those a route declares with <c>ProducesProblem</c> (409, 403, 422, …).
/// Health endpoints (not rate limited) keep their own responses.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<DisableRateLimitingAttribute>().Any()) return Task.CompletedTask;
        var parameters = context.Description.ParameterDescriptions;
        var sources = parameters.Select(p => p.Source).ToList();
        var takesBody = sources.Any(s => s == BindingSource.Body || s == BindingSource.Form || s == BindingSource.FormFile)
            || metadata.OfType<IRequestSizeLimitMetadata>().Any();
        var mayCarryBody = context.Description.HttpMethod is not ("GET" or "HEAD");

        var statuses = new SortedSet<int> { StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable };
        if (takesBody || mayCarryBody) statuses.UnionWith([StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        if (takesBody || sources.Any(s => s == BindingSource.Query || s == BindingSource.Header)) statuses.Add(StatusCodes.Status400BadRequest);
        if (parameters.Any(p => p.Source == BindingSource.Path && p.Type == typeof(string))) statuses.Add(StatusCodes.Status400BadRequest);
        if (sources.Contains(BindingSource.Path)) statuses.Add(StatusCodes.Status404NotFound);
        if (BearerSecurityTransformer.RequiresUser(metadata)) statuses.Add(StatusCodes.Status401Unauthorized);
        if (BearerSecurityTransformer.RequiresRole(metadata)) statuses.Add(StatusCodes.Status403Forbidden);
        statuses.UnionWith(metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).Where(s => s >= 400));

        var schema = ProblemSchema.Reference(context.Document!);
        operation.Responses ??= [];
        foreach (var status in statuses)
        {
            operation.Responses[status.ToString()] = new OpenApiResponse
            {
                Description = ReasonPhrases.GetReasonPhrase(status),
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            };
        }
        return Task.CompletedTask;
    }
}
