using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

/// <summary>Validated tokens are remembered, but never past their expiry.</summary>
public sealed class AccessTokenCacheTests
{
    private static readonly JwtOptions Jwt = new() { SigningKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray()) };
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task RememberedToken_IsRefusedOnceItExpires()
    {
        var validator = new AccessTokenValidator(Options.Create(Jwt), _clock);
        var (user, session) = (Guid.NewGuid(), Guid.NewGuid());
        var token = Mint(user, session, DateTime.UtcNow.AddSeconds(60));

        var first = await validator.ValidateAsync(token);
        Assert.NotNull(first);
        Assert.Equal((user, session), (first.UserIdValue, first.SessionIdValue));
        Assert.Same(first, await validator.ValidateAsync(token));

        _clock.Advance(TimeSpan.FromSeconds(60 + 31)); // past expiry and the 30 s allowance for skew
        Assert.Null(await validator.ValidateAsync(token));
    }

    [Fact]
    public async Task TokenWithoutSessionId_IsRefused()
    {
        var validator = new AccessTokenValidator(Options.Create(Jwt), _clock);
        Assert.Null(await validator.ValidateAsync(Mint(Guid.NewGuid(), null, DateTime.UtcNow.AddMinutes(1))));
    }

    private static string Mint(Guid user, Guid? session, DateTime expires)
    {
        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = user.ToString() };
        if (session is { } sid) claims[JwtRegisteredClaimNames.Sid] = sid.ToString();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Jwt.Issuer,
            Audience = Jwt.Audience,
            IssuedAt = DateTime.UtcNow.AddSeconds(-5),
            NotBefore = DateTime.UtcNow.AddSeconds(-5),
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Jwt.KeyBytes()), SecurityAlgorithms.HmacSha256),
        });
    }
}
