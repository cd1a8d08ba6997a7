using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Auth;

/// <summary>
/// Checks access tokens (signature, issuer, audience, lifetime) and remembers each valid one until it expires:
/// a client sends the same token on every request for up to 15 minutes, and parsing it into claims each time
/// cost a tenth of a hot request's CPU. The cache key is the whole signed token, so a hit means "this exact
/// token was valid"; expiry is re-checked on every hit. Whether the session still stands is checked apart
/// (<see cref="SessionCache"/>), on every request.
/// </summary>
public sealed class AccessTokenValidator
{
    private const int MaxRemembered = 50_000; // ~2 KB each: a principal with four claims, and the token (the key)
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly ConcurrentDictionary<string, AccessTokenPrincipal> _valid = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public AccessTokenValidator(IOptions<JwtOptions> options, TimeProvider clock)
    {
        _clock = clock;
        var jwt = options.Value;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            IssuerSigningKey = new SymmetricSecurityKey(jwt.KeyBytes()),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
            NameClaimType = "name",
            RoleClaimType = "role",
            AuthenticationType = "Bearer",
        };
    }

    /// <summary>The token's principal, or null when the token is malformed, forged, expired or not for us.</summary>
    public async ValueTask<AccessTokenPrincipal?> ValidateAsync(string token)
    {
        var now = _clock.GetUtcNow();
        if (_valid.TryGetValue(token, out var known))
        {
            if (known.ValidUntil > now) return known;
            _valid.TryRemove(token, out _);
            return null;
        }
        if (token.Length > 4096) return null;
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid || AccessTokenPrincipal.From(result) is not { } principal) return null;
        if (_valid.Count >= MaxRemembered) ForgetExpired(now);
        _valid[token] = principal;
        return principal;
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (token, principal) in _valid)
        {
            if (principal.ValidUntil <= now) _valid.TryRemove(token, out _);
        }
        // Still full: that many live tokens means a flood of fresh sign-ins; start over rather than grow.
        if (_valid.Count >= MaxRemembered) _valid.Clear();
    }
}

/// <summary>A validated access token's principal, with the ids every request needs parsed once.</summary>
public sealed class AccessTokenPrincipal : ClaimsPrincipal
{
    private static readonly HashSet<string> Kept = new([JwtRegisteredClaimNames.Sub, JwtRegisteredClaimNames.Sid, "name", "role"], StringComparer.Ordinal);

    private AccessTokenPrincipal(ClaimsIdentity identity, Guid userId, Guid sessionId, DateTimeOffset validUntil) : base(identity)
    {
        (UserIdValue, SessionIdValue, ValidUntil) = (userId, sessionId, validUntil);
        Roles = [.. identity.FindAll(identity.RoleClaimType).Select(c => c.Value).Distinct().Order(StringComparer.Ordinal)];
    }

    public Guid UserIdValue { get; }
    public Guid SessionIdValue { get; }
    public DateTimeOffset ValidUntil { get; }

    /// <summary>The roles this principal holds, sorted.</summary>
    public string[] Roles { get; }

    /// <summary>This principal with <paramref name="roles"/> (the account's now) as its role claims; itself when they are the same.</summary>
    public AccessTokenPrincipal WithRoles(IReadOnlyList<string> roles)
    {
        if (SameAs(roles)) return this; // every request of an unchanged account: no allocation
        string[] sorted = [.. roles.Distinct().Order(StringComparer.Ordinal)];
        var token = (ClaimsIdentity)Identity!;
        var identity = new ClaimsIdentity(token.Claims.Where(c => c.Type != token.RoleClaimType), token.AuthenticationType, token.NameClaimType, token.RoleClaimType);
        identity.AddClaims(sorted.Select(r => new Claim(token.RoleClaimType, r)));
        return new AccessTokenPrincipal(identity, UserIdValue, SessionIdValue, ValidUntil);
    }

    private bool SameAs(IReadOnlyList<string> roles)
    {
        if (roles.Count != Roles.Length) return false;
        foreach (var role in roles)
        {
            if (Array.IndexOf(Roles, role) < 0) return false;
        }
        return true;
    }

    public static AccessTokenPrincipal? From(TokenValidationResult result)
    {
        var token = result.ClaimsIdentity;
        if (!Guid.TryParse(token.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var userId)) return null;
        if (!Guid.TryParse(token.FindFirst(JwtRegisteredClaimNames.Sid)?.Value, out var sessionId)) return null;
        // The same allowance for clock skew the lifetime check gave it.
        var validUntil = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero) + TimeSpan.FromSeconds(30);
        // Only the claims requests read, as plain claims: the handler's identity also holds the parsed token, every
        // registered claim and a property bag each (4.3 KB a token, measured with dotnet-gcdump), and the validator
        // remembers a principal for every live token, up to its MaxRemembered.
        var identity = new ClaimsIdentity(token.Claims.Where(c => Kept.Contains(c.Type)).Select(c => new Claim(c.Type, c.Value)),
            token.AuthenticationType, token.NameClaimType, token.RoleClaimType);
        return new AccessTokenPrincipal(identity, userId, sessionId, validUntil);
    }
}
