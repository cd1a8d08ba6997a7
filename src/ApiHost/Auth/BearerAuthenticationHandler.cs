using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Hosting;

namespace SocialFlow.ApiHost.Auth;

/// <summary>
/// "Authorization: Bearer &lt;access token&gt;": a valid, unexpired token of a session that has not ended.
/// Failures answer 401 with an RFC 7807 body and a WWW-Authenticate header.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessTokenValidator tokens, SessionCache sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ReadToken() is not { } token) return AuthenticateResult.NoResult();
        if (await tokens.ValidateAsync(token) is not { } principal) return AuthenticateResult.Fail("The access token is malformed, expired or not ours.");
        // Signing out, a revoked session or a suspension ends its access tokens at once, not at their expiry.
        var check = await sessions.CheckAsync(principal);
        if (!check.Active) return AuthenticateResult.Fail("The session has ended.");
        // The account's roles now, not the token's: a granted or revoked role counts from the next request.
        return AuthenticateResult.Success(new AuthenticationTicket(principal.WithRoles(check.Roles), SchemeName));
    }

    /// <summary>
    /// The Authorization header; on /hubs paths also access_token in the query, because browsers cannot set headers
    /// on WebSocket (and EventSource) requests. The query is never logged there; everywhere else only the header counts.
    /// </summary>
    private string? ReadToken()
    {
        var header = Request.Headers.Authorization;
        if (header.Count == 1 && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = value.AsSpan(7).Trim();
            return token.IsEmpty ? null : token.ToString();
        }
        if (Request.Path.StartsWithSegments("/hubs") && Request.Query["access_token"] is { Count: 1 } query && !string.IsNullOrEmpty(query[0]))
        {
            return query[0];
        }
        return null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            failed ? "invalid_token" : "unauthenticated",
            failed ? "The access token is missing, malformed, expired or revoked." : "This endpoint needs a bearer access token.");
    }
}
