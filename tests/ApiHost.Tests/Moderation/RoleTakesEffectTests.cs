using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;
using StackExchange.Redis;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>A role granted or revoked counts from the account's next request, with the same access token, on every API host;
/// a suspension ends the account's sessions there too. A second SessionCache on the same Redis stands for a second host.</summary>
[Collection(ApiCollection.Name)]
public sealed class RoleTakesEffectTests(ApiFixture api)
{
    private const string ModeratorRoute = "/api/v1/admin/moderation/watched-words";
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task GrantedModerator_WorksWithTheSameAccessTokenAtOnce_AndARevokeStopsItAtOnce()
    {
        var (_, adminTokens) = await _client.SignUpAsync();
        var asAdmin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        var (target, tokens) = await _client.SignUpAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.GetAsync(ModeratorRoute, tokens.AccessToken)).StatusCode); // answer now cached

        Assert.Equal(HttpStatusCode.OK, (await SetRoleAsync(target.Username, "moderator", asAdmin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(ModeratorRoute, tokens.AccessToken)).StatusCode);
        Assert.Contains("moderator", (await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync())
            .GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        Assert.Equal(HttpStatusCode.OK, (await SetRoleAsync(target.Username, "user", asAdmin)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.GetAsync(ModeratorRoute, tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).StatusCode); // still signed in
    }

    [Fact]
    public async Task RoleCommand_AClusterClient_TakesEffectOnTheNextRequestOfTheSameToken()
    {
        var (target, tokens) = await _client.SignUpAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.GetAsync(ModeratorRoute, tokens.AccessToken)).StatusCode);
        var settings = api.Factory.Services.GetRequiredService<IConfiguration>().AsEnumerable().ToList();

        Assert.Equal(0, await RoleCommand.RunAsync([RoleCommand.Name, target.Username, "moderator"], settings));

        // Another process changed it: this host hears of it through Redis, within moments.
        var status = await Eventually.ValueAsync(async () => (await _client.GetAsync(ModeratorRoute, tokens.AccessToken)).StatusCode,
            s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task UserGrainsAnnouncement_DropsTheAnswerCachedOnAnotherHost()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var sessionId = Guid.Parse(new JsonWebToken(tokens.AccessToken).GetClaim("sid").Value);
        var elsewhere = new SessionCache(Grains, api.Factory.Services.GetRequiredService<IConnectionMultiplexer>(), TimeProvider.System,
            new ConfigurationBuilder().Build(), NullLogger<SessionCache>.Instance);
        await elsewhere.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(["user"], (await elsewhere.CheckAsync(user.Id, sessionId)).Roles);

            // Straight to the grain, as `make admin` does: no endpoint of any host is involved.
            await Grains.Ref<IUserGrain>(user.Id).SetPowerAsync("moderator", AuditActor.CommandLine);

            var roles = await Eventually.ValueAsync(async () => (await elsewhere.CheckAsync(user.Id, sessionId)).Roles,
                r => r.Contains("moderator"), TimeSpan.FromSeconds(1));
            Assert.Contains("moderator", roles);
        }
        finally
        {
            await elsewhere.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Suspension_RefusesTheSessionCachedOnAnotherHost_WithinASecond()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var sessionId = Guid.Parse(new JsonWebToken(tokens.AccessToken).GetClaim("sid").Value);
        var elsewhere = new SessionCache(Grains, api.Factory.Services.GetRequiredService<IConnectionMultiplexer>(), TimeProvider.System,
            new ConfigurationBuilder().Build(), NullLogger<SessionCache>.Instance);
        await elsewhere.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(await elsewhere.IsActiveAsync(user.Id, sessionId));

            await Grains.Ref<IUserGrain>(user.Id).SanctionAsync(AccountAction.Suspend, null, AuditActor.CommandLine, "abuse");

            Assert.False(await Eventually.ValueAsync(() => elsewhere.IsActiveAsync(user.Id, sessionId), active => !active, TimeSpan.FromSeconds(1)));
        }
        finally
        {
            await elsewhere.StopAsync(CancellationToken.None);
        }
    }

    private IGrainFactory Grains => api.Factory.Services.GetRequiredService<IGrainFactory>();

    private Task<HttpResponseMessage> SetRoleAsync(string username, string role, string bearer) =>
        _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/admin/users/{username}/role", new { role }, bearer);
}
