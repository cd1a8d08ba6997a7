using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SocialFlow.ApiHost.OpenApi;

/// <summary>
/// Declares the bearer (JWT access token) scheme and applies it to each operation as its endpoint's authorization
/// metadata says: required where the endpoint needs a signed-in user; optional (<c>{}</c> or bearer) where it allows
/// anonymous callers, because a token there is still read (a signed-in viewer sees their own likes, private items).
/// </summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access_token of /api/v1/auth/login or /api/v1/auth/refresh, as `Authorization: Bearer <token>`.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] };
        operation.Security = RequiresUser(context.Description.ActionDescriptor.EndpointMetadata) ? [bearer] : [new OpenApiSecurityRequirement(), bearer];
        return Task.CompletedTask;
    }

    /// <summary>What the authorization middleware does: any AllowAnonymous wins; otherwise any authorization metadata needs a user.</summary>
    public static bool RequiresUser(IList<object> metadata) =>
        !metadata.OfType<IAllowAnonymous>().Any() && (metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<AuthorizationPolicy>().Any());

    /// <summary>A policy or role beyond "signed in" (e.g. admin): a signed-in user may still be refused with 403.</summary>
    public static bool RequiresRole(IList<object> metadata) => RequiresUser(metadata)
        && (metadata.OfType<IAuthorizeData>().Any(a => a.Roles is not null || a.Policy is not null)
            || metadata.OfType<AuthorizationPolicy>().Any(p => p.Requirements.Any(r => r is not DenyAnonymousAuthorizationRequirement)));
}
