using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

[Collection(ApiCollection.Name)]
public sealed class AuthFlowTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Login_ByUsernameOrEmail_ReturnsBearerTokenPair()
    {
        var user = await _client.RegisterAsync();
        foreach (var login in new[] { user.Username, user.Email, user.Email.ToUpperInvariant() })
        {
            var response = await _client.PostJsonAsync("/api/v1/auth/login", new { login, password = user.Password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var tokens = await response.ReadAsync<Tokens>();
            Assert.Equal("Bearer", tokens.TokenType);
            Assert.InRange(tokens.ExpiresIn, 1, 900);
            Assert.Equal(3, tokens.AccessToken.Split('.').Length);
            Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        }
    }

    [Fact]
    public async Task Login_WrongPasswordAndUnknownUser_GiveTheSameAnswer()
    {
        var user = await _client.RegisterAsync();
        var wrong = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = "not-the-password-1" });
        var unknown = await _client.PostJsonAsync("/api/v1/auth/login", new { login = "nobody" + Guid.NewGuid().ToString("N")[..8], password = "not-the-password-1" });
        var a = await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var b = await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_UnknownUserCostsAboutAsMuchAsWrongPassword()
    {
        // Both paths run one Argon2id verification (~tens of ms); a skipped hash would be ~100x faster. The two kinds
        // alternate, so a burst of load from tests running beside this one falls on both alike.
        var user = await _client.RegisterAsync();
        async Task<double> TimeMs(object body)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await _client.PostJsonAsync("/api/v1/auth/login", body);
            return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        var (wrongTimes, unknownTimes) = (new List<double>(), new List<double>());
        for (var i = 0; i < 5; i++) // stays under the 5-failure account throttle
        {
            wrongTimes.Add(await TimeMs(new { login = user.Username, password = $"wrong-password-{i % 2}" }));
            unknownTimes.Add(await TimeMs(new { login = $"ghost{Guid.NewGuid():N}"[..20], password = "wrong-password-0" }));
        }
        var (wrong, unknown) = (wrongTimes.Order().ElementAt(2), unknownTimes.Order().ElementAt(2));
        var ratio = unknown / wrong;
        Assert.InRange(ratio, 0.33, 3.0);
    }

    [Fact]
    public async Task Login_MissingPassword_Returns400()
    {
        var response = await _client.PostJsonAsync("/api/v1/auth/login", new { login = "someone" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Me_WithAccessToken_ReturnsPrivateProfile()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var response = await _client.GetAsync("/api/v1/users/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.ReadJsonAsync();
        Assert.Equal(user.Id, me.GetProperty("id").GetGuid());
        Assert.Equal(user.Email, me.GetProperty("email").GetString());
        Assert.Equal(new[] { "user" }, me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Refresh_ReturnsNewPairAndTheNewRefreshTokenWorks()
    {
        var (_, first) = await _client.SignUpAsync();
        var second = await RefreshAsync(first.RefreshToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        var third = await RefreshAsync(second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", third.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Refresh_ReusedToken_Returns401AndRevokesTheWholeFamily()
    {
        var (_, first) = await _client.SignUpAsync();
        var second = await RefreshAsync(first.RefreshToken);

        var reuse = await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = first.RefreshToken });
        await reuse.AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh_token_reused");

        var afterReuse = await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = second.RefreshToken });
        await afterReuse.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        var me = await _client.GetAsync("/api/v1/users/me", second.AccessToken);
        await me.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("00000000000000000000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Refresh_UnknownToken_Returns401(string token)
    {
        var response = await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = token });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Logout_RevokesFamily_RefreshAndAccessStopWorking()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var logout = await _client.PostJsonAsync("/api/v1/auth/logout", new { refresh_token = tokens.RefreshToken }, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        var refresh = await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = tokens.RefreshToken });
        await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_WithoutBearer_Returns401()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var response = await _client.PostJsonAsync("/api/v1/auth/logout", new { refresh_token = tokens.RefreshToken });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Logout_AnotherUsersRefreshToken_IsRefusedAndTheirSessionLives()
    {
        var (_, alice) = await _client.SignUpAsync();
        var (_, bob) = await _client.SignUpAsync();
        var response = await _client.PostJsonAsync("/api/v1/auth/logout", new { refresh_token = alice.RefreshToken }, bob.AccessToken);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", alice.AccessToken)).StatusCode);
        await RefreshAsync(alice.RefreshToken);
    }

    private async Task<Tokens> RefreshAsync(string refreshToken)
    {
        var response = await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<Tokens>();
    }
}
