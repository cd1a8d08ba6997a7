using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Auth.Oidc;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>Sign-in through an OpenID Connect provider: authorization code flow with PKCE (S256), state and nonce.</summary>
public static class OidcEndpoints
{
    public static IEndpointRouteBuilder MapOidcEndpoints(this IEndpointRouteBuilder routes)
    {
        var oidc = routes.MapGroup("/auth/oidc").WithTags("Auth").AllowAnonymous();
        oidc.MapGet("/providers", ListProviders);
        oidc.MapGet("/{provider}/authorize", Authorize).Produces(StatusCodes.Status302Found).ProducesProblem(StatusCodes.Status409Conflict);
        oidc.MapGet("/{provider}/callback", Callback).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status502BadGateway);
        return routes;
    }

    /// <summary>Empty when none is configured, so apps simply show no "Sign in with …" buttons.</summary>
    public static Ok<ItemsResponse<OidcProviderResponse>> ListProviders(OidcProviders providers) =>
        TypedResults.Ok(new ItemsResponse<OidcProviderResponse>(
            [.. providers.Names.Select(name => new OidcProviderResponse(name, $"/api/v1/auth/oidc/{name}/authorize"))], null));

    public static async Task<Results<RedirectHttpResult, Ok<AuthorizationUrlResponse>, ProblemHttpResult>> Authorize(
        string provider, string? format, OidcProviders providers, IGrainFactory grains, LoginThrottle throttle,
        IOptions<OidcOptions> options, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (providers.Find(provider) is not { } p) return ProviderNotFound(provider);
        if (format is not (null or "json" or "redirect")) return Problems.Result(400, "invalid_format", "format must be json or redirect.");
        if (await throttle.LoginAttemptAsync(http.Connection.RemoteIpAddress?.ToString()) is { Allowed: false } limited)
        {
            return Problems.Result(429, "rate_limited", "Too many attempts; retry later.", limited.RetryAfter);
        }
        var (state, nonce, verifier) = (Pkce.NewSecret(), Pkce.NewSecret(), Pkce.NewSecret());
        string url;
        try
        {
            url = await p.AuthorizationUrlAsync(state, nonce, verifier, ct);
        }
        catch (OidcException e)
        {
            return Problems.Result(e.Status, e.Code, e.Message, e.Status == 503 ? TimeSpan.FromSeconds(5) : null);
        }
        var pending = new PendingOidcLogin(p.Name, nonce, verifier, clock.GetUtcNow() + options.Value.LoginTimeout);
        if (!await grains.Ref<IOidcLoginGrain>(Pkce.StateKey(state)).StartAsync(pending))
        {
            return Problems.Result(409, "conflict", "The sign-in could not be started; try again.");
        }
        http.Response.Headers.CacheControl = "no-store";
        return format == "json" ? TypedResults.Ok(new AuthorizationUrlResponse(url)) : TypedResults.Redirect(url);
    }

    public static async Task<Results<Ok<TokenPair>, ProblemHttpResult>> Callback(
        string provider, string? code, string? state, string? error, OidcProviders providers, IGrainFactory grains,
        AccessTokenIssuer tokens, ILogger<OidcProvider> logger, HttpContext http, CancellationToken ct)
    {
        if (providers.Find(provider) is not { } p) return ProviderNotFound(provider);
        // Taken before anything else: a state works once, whatever happens next.
        var pending = Pkce.LooksLikeSecret(state) ? await grains.Ref<IOidcLoginGrain>(Pkce.StateKey(state!)).TakeAsync() : null;
        if (pending is null || pending.Provider != p.Name)
        {
            return Problems.Result(400, "invalid_state", "This sign-in is unknown, was already completed, or expired; start again.");
        }
        if (error is not null) return Problems.Result(400, "oidc_provider_error", "The provider did not sign you in (it answered with an error); start again.");
        if (code is not { Length: > 0 and <= 2048 }) return Problems.Result(400, "invalid_request", "The callback carries no authorization code.");
        try
        {
            var idToken = await p.ExchangeCodeAsync(code, pending.CodeVerifier, ct);
            var identity = await p.ValidateIdTokenAsync(idToken, pending.Nonce, ct);
            var result = await grains.Ref<IExternalLoginGrain>(ExternalLoginKey.Of(identity.Provider, identity.Subject))
                .SignInAsync(identity, AuthEndpoints.Client(http));
            if (result.Created) logger.LogInformation("Account {UserId} created through {Provider}", result.UserId, p.Name);
            return Answer(result, p.Name, tokens, http);
        }
        catch (OidcException e)
        {
            return Problems.Result(e.Status, e.Code, e.Message, e.Status == 503 ? TimeSpan.FromSeconds(5) : null);
        }
    }

    private static Results<Ok<TokenPair>, ProblemHttpResult> Answer(ExternalSignInResult result, string provider, AccessTokenIssuer tokens, HttpContext http)
    {
        switch (result.Status)
        {
            case ExternalSignInStatus.Succeeded:
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(tokens.Issue(result.UserId, result.Session!));
            case ExternalSignInStatus.Disabled:
                return Problems.Result(403, "account_disabled", "This account is disabled.");
            case ExternalSignInStatus.Suspended:
                return Problems.Suspended(result.Session?.SuspendedUntil);
            case ExternalSignInStatus.EmailRequired:
                return Problems.Result(422, "oidc_email_required", $"{provider} did not share an email address, which a new account needs.");
            case ExternalSignInStatus.AccountExists:
                return Problems.Result(409, "oidc_account_exists", result.LinkRefusal switch
                {
                    ExternalLinkOutcome.TwoFactorEnabled =>
                        "An account with this email exists and uses two-factor authentication; sign in with your password.",
                    ExternalLinkOutcome.ProviderAlreadyLinked =>
                        $"An account with this email is already linked to another {provider} identity.",
                    _ => "An account with this email exists, but the address is not verified on both sides; sign in with your password and verify your email first.",
                });
            default:
                return Problems.Result(409, "conflict", "The sign-in collided with another; try again.");
        }
    }

    private static ProblemHttpResult ProviderNotFound(string provider) =>
        Problems.Result(404, "oidc_provider_not_found", $"No sign-in provider named '{(provider.Length <= 32 ? provider : provider[..32])}' is configured.");
}
