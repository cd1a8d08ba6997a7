using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Users;
using StackExchange.Redis;

namespace SocialFlow.ApiHost.Tests;

/// <summary>Two caches stand for two API hosts: one host ending a session makes the other forget it through Redis.</summary>
[Collection(ApiCollection.Name)]
public sealed class SessionCacheTests(ApiFixture api)
{
    [Fact]
    public async Task ForgetUser_OnAnotherHost_EndsTheCachedSessionHere()
    {
        var client = api.CreateClient();
        var (user, tokens) = await client.SignUpAsync();
        var sessionId = Guid.Parse(new JsonWebToken(tokens.AccessToken).GetClaim("sid").Value);
        var here = NewCache();
        var elsewhere = NewCache();
        await here.StartAsync(CancellationToken.None);
        Assert.True(await here.IsActiveAsync(user.Id, sessionId));

        // Revoked behind the cache's back: the cached answer stands until someone announces the change.
        Assert.True(await Grains.Ref<IUserGrain>(user.Id).RevokeSessionAsync(sessionId));
        Assert.True(await here.IsActiveAsync(user.Id, sessionId));

        await elsewhere.ForgetUserAsync(user.Id);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await here.IsActiveAsync(user.Id, sessionId))
        {
            Assert.True(DateTime.UtcNow < deadline, "the other host's announcement never arrived");
            await Task.Delay(20);
        }
        await here.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Logout_ThroughTheApi_EndsTheSessionAtOnceDespiteTheCache()
    {
        var client = api.CreateClient();
        var (_, tokens) = await client.SignUpAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/v1/users/me", tokens.AccessToken)).StatusCode);
        await client.PostJsonAsync("/api/v1/auth/logout", new { refresh_token = tokens.RefreshToken }, tokens.AccessToken);
        await (await client.GetAsync("/api/v1/users/me", tokens.AccessToken)).AssertProblemAsync(System.Net.HttpStatusCode.Unauthorized);
    }

    private IGrainFactory Grains => api.Factory.Services.GetRequiredService<IGrainFactory>();

    private SessionCache NewCache() => new(Grains, api.Factory.Services.GetRequiredService<IConnectionMultiplexer>(), TimeProvider.System,
        new ConfigurationBuilder().Build(), NullLogger<SessionCache>.Instance);
}
