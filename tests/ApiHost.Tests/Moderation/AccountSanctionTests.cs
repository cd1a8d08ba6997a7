using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>IUserGrain.SanctionAsync: what a suspension or a limit does to the account, its sessions and its things.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccountSanctionTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Suspend_EndsSessionsAtOnce_RefusesSignInAndRefresh_HidesProfileAndContent_AndUnsuspendRestoresVisibility()
    {
        var (bad, badTokens) = await _client.SignUpAsync();
        var (viewer, viewerTokens) = await _client.SignUpAsync();
        var tag = "tag" + Guid.NewGuid().ToString("N")[..10];
        var badPost = await PostAsync($"spam #{tag}", badTokens.AccessToken);
        var viewerPost = await PostAsync($"mine #{tag}", viewerTokens.AccessToken);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync($"/api/v1/posts/{viewerPost}/comments", new { text = "buy now" }, badTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", badTokens.AccessToken)).StatusCode); // its answer cached
        Assert.Equal(2, (await ItemsAsync($"/api/v1/hashtags/{tag}/posts", viewerTokens.AccessToken)).Count);

        var until = DateTimeOffset.UtcNow.AddHours(1);
        var status = await Account(bad).SanctionAsync(AccountAction.Suspend, until, new AuditActor(viewer.Id, "req-1"), "spam");
        Assert.Equal(AccountStanding.Suspended, status!.Standing);

        var refused = await Eventually.ValueAsync(async () => (await _client.GetAsync("/api/v1/users/me", badTokens.AccessToken)).StatusCode,
            s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM sessions WHERE user_id = $1 AND revoked_at IS NULL", bad.Id));
        var login = await (await _client.PostJsonAsync("/api/v1/auth/login", new { login = bad.Username, password = bad.Password }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "account_suspended");
        Assert.Equal(until.ToUnixTimeSeconds(), login.GetProperty("until").GetDateTimeOffset().ToUnixTimeSeconds());
        await (await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = badTokens.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "account_suspended");

        foreach (var bearer in new[] { viewerTokens.AccessToken, null })
        {
            await (await GetAsync($"/api/v1/users/{bad.Username}", bearer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await GetAsync($"/api/v1/users/{bad.Username}/posts", bearer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await GetAsync($"/api/v1/users/{bad.Username}/videos", bearer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await GetAsync($"/api/v1/users/{bad.Username}/followers", bearer)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await GetAsync($"/api/v1/posts/{badPost}", bearer)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal([viewerPost], (await ItemsAsync($"/api/v1/hashtags/{tag}/posts", bearer)).Select(p => p.GetProperty("id").GetGuid()));
            Assert.Empty(await ItemsAsync($"/api/v1/posts/{viewerPost}/comments", bearer));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/posts/{badPost}/like", new { }, viewerTokens.AccessToken)).StatusCode);

        Assert.Equal(AccountStanding.Active, (await Account(bad).SanctionAsync(AccountAction.Unsuspend, null, new AuditActor(viewer.Id, "req-2"), "appeal"))!.Standing);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/api/v1/users/{bad.Username}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/api/v1/posts/{badPost}", viewerTokens.AccessToken)).StatusCode);
        Assert.Single(await ItemsAsync($"/api/v1/posts/{viewerPost}/comments", null));
        Assert.Equal(2, (await ItemsAsync($"/api/v1/hashtags/{tag}/posts", null)).Count);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/v1/users/me", badTokens.AccessToken)).StatusCode); // sessions stay ended
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync("/api/v1/auth/login", new { login = bad.Username, password = bad.Password })).StatusCode);

        Assert.Equal(["suspend", "unsuspend"], await AuditActionsAsync(bad.Id));
    }

    [Fact]
    public async Task Sanction_ForGood_HasNoUntil_WarnWritesNothing_RepeatsAreNotAudited_AndAPastEndIsRefused()
    {
        var (user, _) = await _client.SignUpAsync();
        var by = new AuditActor(null, null);

        Assert.Equal(AccountStanding.Active, (await Account(user).SanctionAsync(AccountAction.Warn, null, by, "first"))!.Standing);
        Assert.Equal(AccountStanding.Active, (await Account(user).SanctionAsync(AccountAction.Unsuspend, null, by, "nothing to lift"))!.Standing);
        Assert.Empty(await AuditActionsAsync(user.Id));

        var suspended = await Account(user).SanctionAsync(AccountAction.Suspend, null, by, "for good");
        Assert.Equal(new AccountStatus(AccountStanding.Suspended, null, null), suspended);
        await Account(user).SanctionAsync(AccountAction.Suspend, null, by, "again");
        var login = await (await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "account_suspended");
        Assert.False(login.TryGetProperty("until", out _));
        Assert.Equal("infinity", await api.Database.ScalarAsync<string>("SELECT suspended_until::text FROM accounts WHERE id = $1", user.Id));
        Assert.Equal(["suspend"], await AuditActionsAsync(user.Id));

        await Assert.ThrowsAsync<ArgumentException>(() => Account(user).SanctionAsync(AccountAction.Limit, DateTimeOffset.UtcNow.AddMinutes(-1), by, "past"));
        Assert.Null(await api.Grains.Ref<IUserGrain>(Guid.NewGuid()).SanctionAsync(AccountAction.Suspend, null, by, "nobody"));
        Assert.Null(await api.Grains.Ref<IUserGrain>(Guid.NewGuid()).GetStatusAsync());
    }

    [Fact]
    public async Task Suspension_EndsByItselfAtItsTime()
    {
        var (user, _) = await _client.SignUpAsync();
        await Account(user).SanctionAsync(AccountAction.Suspend, DateTimeOffset.UtcNow.AddSeconds(2), AuditActor.CommandLine, "cool down");
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/api/v1/users/{user.Username}", null)).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(AccountStanding.Active, (await Account(user).GetStatusAsync())!.Standing);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/api/v1/users/{user.Username}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password })).StatusCode);
    }

    [Fact]
    public async Task Suspend_EndsTheAccountsScheduledLiveStream()
    {
        var (owner, tokens) = await _client.SignUpAsync();
        var created = await _client.PostJsonAsync("/api/v1/live", new { title = "tonight" }, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stream = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();

        await Account(owner).SanctionAsync(AccountAction.Suspend, null, AuditActor.CommandLine, "abuse");

        Assert.Equal("ended", await api.Database.ScalarAsync<string>("SELECT state FROM live_streams WHERE id = $1", stream));
    }

    [Fact]
    public async Task Limit_LeavesTheAccountOutOfHashtagPages_KeepsItsProfileAndPosts_AndTheAccountIsNotTold()
    {
        var (limited, tokens) = await _client.SignUpAsync();
        var (_, otherTokens) = await _client.SignUpAsync();
        var tag = "tag" + Guid.NewGuid().ToString("N")[..10];
        var post = await PostAsync($"loud #{tag}", tokens.AccessToken);
        var me = await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).Content.ReadAsStringAsync();

        var status = await Account(limited).SanctionAsync(AccountAction.Limit, null, AuditActor.CommandLine, "brigading");
        Assert.Equal(AccountStanding.Limited, status!.Standing);

        Assert.Empty(await ItemsAsync($"/api/v1/hashtags/{tag}/posts", otherTokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/users/{limited.Username}", otherTokens.AccessToken)).StatusCode);
        Assert.Single(await ItemsAsync($"/api/v1/users/{limited.Username}/posts", otherTokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/posts/{post}", otherTokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).StatusCode);
        Assert.Equal(me, await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).Content.ReadAsStringAsync());

        await Account(limited).SanctionAsync(AccountAction.Unlimit, null, AuditActor.CommandLine, "ok");
        Assert.Single(await ItemsAsync($"/api/v1/hashtags/{tag}/posts", otherTokens.AccessToken));
        Assert.Equal(["limit", "unlimit"], await AuditActionsAsync(limited.Id));
    }

    private IUserGrain Account(TestUser user) => api.Grains.Ref<IUserGrain>(user.Id);

    private Task<HttpResponseMessage> GetAsync(string url, string? bearer) =>
        bearer is null ? _client.GetAsync(url) : _client.GetAsync(url, bearer);

    private async Task<Guid> PostAsync(string text, string bearer)
    {
        var response = await _client.PostJsonAsync("/api/v1/posts", new { text, visibility = "public" }, bearer);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<List<JsonElement>> ItemsAsync(string url, string? bearer)
    {
        var response = await GetAsync(url, bearer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()];
    }

    private async Task<List<string>> AuditActionsAsync(Guid target)
    {
        var rows = await api.Database.ScalarAsync<string[]>(
            "SELECT coalesce(array_agg(details->>'action' ORDER BY at, id), '{}') FROM audit_log WHERE target_id = $1 AND action = 'account.sanctioned'", target.ToString());
        return [.. rows!];
    }
}
