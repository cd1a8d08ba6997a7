using System.Net;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

/// <summary>Access tokens are validated strictly: algorithm allow-list, issuer, audience, lifetime, signature, live session.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccessTokenValidationTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Token_Tampered_Returns401()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var parts = tokens.AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"user\"", "\"admin\"");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        await (await _client.GetAsync("/api/v1/users/me", tampered)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Token_AlgNone_Returns401()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var parts = tokens.AccessToken.Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        await (await _client.GetAsync("/api/v1/users/me", $"{header}.{parts[1]}.")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Token_Expired_Returns401()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var token = Mint(user.Id, SessionOf(tokens), DateTime.UtcNow.AddMinutes(-20), DateTime.UtcNow.AddMinutes(-5));
        await (await _client.GetAsync("/api/v1/users/me", token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Token_ProperlySignedWithLiveSession_IsAccepted()
    {
        // The control for the tests around it: the same minting with correct values works.
        var (user, tokens) = await _client.SignUpAsync();
        var token = Mint(user.Id, SessionOf(tokens), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", token)).StatusCode);
    }

    [Theory]
    [InlineData("other-issuer", "socialflow-api")]
    [InlineData("socialflow", "other-audience")]
    public async Task Token_WrongIssuerOrAudience_Returns401(string issuer, string audience)
    {
        var (user, tokens) = await _client.SignUpAsync();
        var token = Mint(user.Id, SessionOf(tokens), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(5), issuer, audience);
        await (await _client.GetAsync("/api/v1/users/me", token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Token_SignedWithAnotherKey_Returns401()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var token = Mint(user.Id, SessionOf(tokens), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(5), key: new byte[48]);
        await (await _client.GetAsync("/api/v1/users/me", token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Token_HS512WithTheRightKey_IsRefusedByTheAlgorithmAllowList()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var token = Mint(user.Id, SessionOf(tokens), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(5),
            algorithm: SecurityAlgorithms.HmacSha512, key: Convert.FromBase64String(ApiFactory.SigningKey).Concat(new byte[16]).ToArray());
        await (await _client.GetAsync("/api/v1/users/me", token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Token_NoAuthorizationHeader_Returns401Unauthenticated()
    {
        var response = await _client.GetAsync("/api/v1/users/me");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    private static string SessionOf(Tokens tokens) =>
        new JsonWebToken(tokens.AccessToken).GetClaim("sid").Value;

    private static string Mint(Guid userId, string sessionId, DateTime notBefore, DateTime expires,
        string issuer = "socialflow", string audience = "socialflow-api", string algorithm = SecurityAlgorithms.HmacSha256, byte[]? key = null)
    {
        var signingKey = new SymmetricSecurityKey(key ?? Convert.FromBase64String(ApiFactory.SigningKey));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["sid"] = sessionId, ["role"] = new[] { "user" } },
            SigningCredentials = new SigningCredentials(signingKey, algorithm),
        });
    }
}
