using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Auth;

/// <summary>Mints the short-lived access token for a session the user grain opened or refreshed.</summary>
public sealed class AccessTokenIssuer(IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(new SymmetricSecurityKey(options.Value.KeyBytes()), SecurityAlgorithms.HmacSha256);

    public TokenPair Issue(Guid userId, SignInResult session)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = userId.ToString(),
            [JwtRegisteredClaimNames.Sid] = session.SessionId.ToString(),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            ["name"] = session.Username ?? "",
            ["role"] = session.Roles?.ToArray() ?? ["user"],
        };
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + o.AccessTokenLifetime,
            Claims = claims,
            SigningCredentials = _credentials,
        });
        return new TokenPair(token, session.RefreshToken!, "Bearer", (int)o.AccessTokenLifetime.TotalSeconds);
    }
}

public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

public static class ClaimsPrincipalExtensions
{
    public static Guid UserId(this ClaimsPrincipal user) =>
        user is AccessTokenPrincipal token ? token.UserIdValue :
        Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) ? id : throw new InvalidOperationException("No user id in the token.");

    public static Guid SessionId(this ClaimsPrincipal user) =>
        user is AccessTokenPrincipal token ? token.SessionIdValue :
        Guid.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sid), out var id) ? id : Guid.Empty;
}
