using System.Net;
using SocialFlow.ApiHost.Tests.Engagement;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Notifications;

[Collection(NotificationsCollection.Name)]
public sealed class NotificationEndpointTests(NotificationsFixture fx)
{
    private string Cs => fx.Database.ConnectionString;

    [Fact]
    public async Task EveryRoute_NeedsASignedInUser()
    {
        var api = fx.CreateClient();
        foreach (var (method, url) in new[] { ("GET", "/api/v1/notifications"), ("GET", "/api/v1/notifications/unread-count"),
                     ("POST", $"/api/v1/notifications/{Guid.NewGuid()}/read"), ("POST", "/api/v1/notifications/read-all"),
                     ("GET", "/api/v1/notifications/preferences"), ("POST", "/api/v1/devices"), ("DELETE", "/api/v1/devices/abc") })
        {
            await (await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), url))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task AnotherUsersNotification_CannotBeSeenOrMarkedRead()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var (_, strangerToken) = await fx.Factory.UserAsync(Cs);
        var api = fx.CreateClient();
        await api.LikeAsync(await fx.Factory.ItemAsync(owner), strangerToken);
        var mine = (await api.WaitForAsync(ownerToken, "like"))!.Value.GetProperty("id").GetGuid();

        Assert.Empty(await api.ListAsync(strangerToken));
        await (await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/notifications/{mine}/read", null, strangerToken)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await (await api.SendJsonAsync(HttpMethod.Post, "/api/v1/notifications/read-all", null, strangerToken)).ReadJsonAsync()).GetProperty("marked").GetInt32());
        Assert.Equal(1, await api.UnreadAsync(ownerToken));

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/notifications/{mine}/read", null, ownerToken)).StatusCode);
        Assert.Equal(0, await api.UnreadAsync(ownerToken));
        Assert.Empty(await api.ListAsync(ownerToken, "?unread=true"));
    }

    [Fact]
    public async Task List_PagesWithACursor_AndRefusesABadLimitOrCursor()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var (_, likerToken) = await fx.Factory.UserAsync(Cs);
        var api = fx.CreateClient();
        for (var i = 0; i < 3; i++) await api.LikeAsync(await fx.Factory.ItemAsync(owner), likerToken);
        await Eventually.ValueAsync(() => api.ListAsync(ownerToken), l => l.Count == 3);

        var first = await (await api.GetAsync("/api/v1/notifications?limit=2", ownerToken)).ReadJsonAsync();
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("next_cursor").GetString();
        var second = await (await api.GetAsync($"/api/v1/notifications?limit=2&cursor={cursor}", ownerToken)).ReadJsonAsync();
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKindNull, second.GetProperty("next_cursor").ValueKind);
        Assert.Equal(3, (await api.ListAsync(ownerToken, "?limit=100")).Count);
        await (await api.GetAsync("/api/v1/notifications?cursor=nope", ownerToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await api.GetAsync("/api/v1/notifications?limit=0", ownerToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Preferences_HaveDefaults_AreValidated_AndTurningInAppOffStopsThatType()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var (_, likerToken) = await fx.Factory.UserAsync(Cs);
        var api = fx.CreateClient();
        var defaults = (await (await api.GetAsync("/api/v1/notifications/preferences", ownerToken)).ReadJsonAsync()).GetProperty("preferences");
        Assert.True(defaults.GetProperty("like").GetProperty("in_app").GetBoolean());
        Assert.False(defaults.GetProperty("like").GetProperty("email").GetBoolean());
        Assert.False(defaults.GetProperty("new_content").GetProperty("push").GetBoolean());

        await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/notifications/preferences", new { preferences = new { likes = new { push = false } } }, ownerToken))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await api.SendJsonAsync(HttpMethod.Put, "/api/v1/notifications/preferences", new { preferences = new { like = new { pigeon = true } } }, ownerToken))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var put = await api.SendJsonAsync(HttpMethod.Put, "/api/v1/notifications/preferences",
            new { preferences = new { like = new { in_app = false, push = false }, comment = new { email = false } } }, ownerToken);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = (await (await api.GetAsync("/api/v1/notifications/preferences", ownerToken)).ReadJsonAsync()).GetProperty("preferences");
        Assert.False(saved.GetProperty("like").GetProperty("in_app").GetBoolean());
        Assert.False(saved.GetProperty("comment").GetProperty("email").GetBoolean());
        Assert.True(saved.GetProperty("comment").GetProperty("in_app").GetBoolean());

        var video = await fx.Factory.ItemAsync(owner);
        await api.LikeAsync(video, likerToken);
        await api.PostJsonAsync($"/api/v1/videos/{video}/comments", new { text = "hello" }, likerToken);
        await api.WaitForAsync(ownerToken, "comment");
        await Eventually.ValueAsync(() => fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM likes l, like_projection p WHERE l.content_id = $1 AND l.created_at >= p.upto", video), c => c == 0); // the like was projected
        Assert.DoesNotContain(await api.ListAsync(ownerToken), n => n.GetProperty("type").GetString() == "like");
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM notifications WHERE user_id = $1 AND type = 'like'", owner));
    }

    [Fact]
    public async Task SystemNotification_OnlyFromAdmins_ReachesTheUserOnce_EvenIfTheyMutedTheAdmin()
    {
        var (admin, adminToken) = await fx.Factory.UserAsync(Cs);
        var (user, userToken) = await fx.Factory.UserAsync(Cs);
        var api = fx.CreateClient();
        var username = (await (await api.GetAsync("/api/v1/users/me", userToken)).ReadJsonAsync()).GetProperty("username").GetString()!;
        await fx.ExecuteAsync("INSERT INTO mutes (muter_id, muted_id, created_at) VALUES ($1, $2, now())", user, admin);
        var asAdmin = await fx.Factory.GrantRoleAsync(adminToken, "admin");
        var notice = new { username, text = "Scheduled maintenance tonight", id = Guid.NewGuid() };

        await (await api.PostJsonAsync("/api/v1/admin/notifications", notice, userToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.PostJsonAsync("/api/v1/admin/notifications", notice with { text = " " }, asAdmin)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync("/api/v1/admin/notifications", notice with { username = "nobody_here" }, asAdmin)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostJsonAsync("/api/v1/admin/notifications", notice, asAdmin)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostJsonAsync("/api/v1/admin/notifications", notice, asAdmin)).StatusCode); // a retry

        var system = Assert.Single(await api.ListAsync(userToken), n => n.GetProperty("type").GetString() == "system");
        Assert.Equal("Scheduled maintenance tonight", system.GetProperty("title").GetString());
        Assert.Equal(1, await api.UnreadAsync(userToken));
    }

    [Fact]
    public async Task Devices_AreTheCallersOwn_AndLimitedInNumber()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(Cs);
        var (_, strangerToken) = await fx.Factory.UserAsync(Cs);
        var api = fx.CreateClient();
        var token = "tok-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync("/api/v1/devices", new { token, platform = "android" }, ownerToken)).StatusCode);
        await (await api.PostJsonAsync("/api/v1/devices", new { token = "has spaces", platform = "android" }, ownerToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync("/api/v1/devices", new { token, platform = "fax" }, ownerToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await api.PostJsonAsync("/api/v1/devices", new { token = new string('a', 4097), platform = "ios" }, ownerToken)).AssertProblemAsync(HttpStatusCode.BadRequest);

        await (await api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/devices/{token}", null, strangerToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM devices WHERE token = $1 AND user_id = $2", token, owner));
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/devices/{token}", null, ownerToken)).StatusCode);
        Assert.Equal(0L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM devices WHERE token = $1", token));

        for (var i = 0; i < 12; i++) await api.PostJsonAsync("/api/v1/devices", new { token = $"t{i}-{Guid.NewGuid():N}", platform = "web" }, ownerToken);
        Assert.Equal(10L, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM devices WHERE user_id = $1", owner));
    }
}
