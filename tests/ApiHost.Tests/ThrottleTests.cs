using System.Net;

namespace SocialFlow.ApiHost.Tests;

[CollectionDefinition(Name)]
public sealed class ThrottleCollection : ICollectionFixture<ThrottleFixture>
{
    public const string Name = "throttle";
}

/// <summary>The throttle profile: tight limits, on hosts of their own so the limits of the other tests' hosts stay out of the way.</summary>
public sealed class ThrottleFixture : ApiFixture
{
    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Throttle:FailedLoginsPerAccount"] = "3",
        ["SocialFlow:Throttle:PasswordEmailsPerAddress"] = "2",
        ["SocialFlow:Throttle:LoginAttemptsPerIp"] = "40",
    };
}

/// <summary>Limits per account and per address, each test on a fresh account or address (a few login attempts each).</summary>
[Collection(ThrottleCollection.Name)]
public sealed class ThrottleTests(ThrottleFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Login_RepeatedFailures_Return429WithRetryAfter_EvenWithTheRightPassword()
    {
        var user = await _client.RegisterAsync();
        for (var i = 0; i < 3; i++)
        {
            var wrong = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = "wrong-password-" + i });
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }
        var locked = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password });
        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
    }

    [Fact]
    public async Task Login_FailuresByUsername_LockTheAccountForItsEmailToo()
    {
        var user = await _client.RegisterAsync();
        for (var i = 0; i < 3; i++)
        {
            var wrong = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = "wrong-password-" + i });
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }
        var byEmail = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Email.ToUpperInvariant(), password = user.Password });
        await byEmail.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Login_UnknownAccountIsThrottledTheSameWay()
    {
        var login = "ghost" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++) await _client.PostJsonAsync("/api/v1/auth/login", new { login, password = "wrong-password-x" });
        var response = await _client.PostJsonAsync("/api/v1/auth/login", new { login, password = "wrong-password-x" });
        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task ForgotPassword_PerEmailLimit_Returns429()
    {
        var email = $"a{Guid.NewGuid():N}@example.com";
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Accepted, (await _client.PostJsonAsync("/api/v1/auth/forgot-password", new { email })).StatusCode);
        var third = await _client.PostJsonAsync("/api/v1/auth/forgot-password", new { email });
        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(third.Headers.RetryAfter);
    }
}

/// <summary>Spends the whole login budget of the tests' one address, so it has a host (and a throttle state) of its own.</summary>
public sealed class AddressThrottleTests(ThrottleFixture fixture) : IClassFixture<ThrottleFixture>
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Login_PerIpLimit_Returns429()
    {
        HttpResponseMessage? last = null;
        for (var i = 0; i < 45; i++)
        {
            last = await _client.PostJsonAsync("/api/v1/auth/login", new { login = $"nobody{i}x", password = "wrong-password-x" });
            if (last.StatusCode == HttpStatusCode.TooManyRequests) break;
        }
        await last!.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }
}
