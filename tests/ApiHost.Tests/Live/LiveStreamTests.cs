using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Notifications;
using SocialFlow.ApiHost.Tests.Videos;

namespace SocialFlow.ApiHost.Tests.Live;

[CollectionDefinition(Name)]
public sealed class LiveCollection : ICollectionFixture<LiveFixture>
{
    public const string Name = "live";
}

/// <summary>The live profile: RTMP callbacks carry <see cref="Secret"/>, as the project's nginx configuration does.</summary>
public sealed class LiveFixture : ApiFixture
{
    public const string Secret = "test-callback-secret", RtmpUrl = "rtmp://127.0.0.1:19350/live";

    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Live:CallbackSecret"] = Secret,
        ["SocialFlow:Live:RtmpUrl"] = RtmpUrl,
    };
}

[Collection(LiveCollection.Name)]
public sealed class LiveStreamTests(LiveFixture fx)
{
    private readonly HttpClient _client = fx.Factory.CreateClient();

    [Fact]
    public async Task Create_TellsTheKeyOnce_AndTheStreamIsScheduled_VisibleAsItsVisibilitySays()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var created = await CreateAsync(owner.AccessToken, "Morning show");
        Assert.Equal(LiveFixture.RtmpUrl, created.GetProperty("rtmp_url").GetString());
        var id = created.GetProperty("id").GetGuid();
        var key = created.GetProperty("stream_key").GetString()!;
        Assert.StartsWith(id.ToString("N") + ".", key);

        var seen = await (await _client.GetAsync($"/api/v1/live/{id}", other.AccessToken)).ReadJsonAsync();
        Assert.Equal(("Morning show", "scheduled"), (seen.GetProperty("title").GetString(), seen.GetProperty("state").GetString()));
        Assert.False(seen.TryGetProperty("stream_key", out _));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/live/{id}")).StatusCode); // anonymous, public

        var hidden = (await CreateAsync(owner.AccessToken, "Rehearsal", "private")).GetProperty("id").GetGuid();
        await (await _client.GetAsync($"/api/v1/live/{hidden}", other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/live/{hidden}", owner.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Create_BadInput_Is400()
    {
        var (_, owner) = await _client.SignUpAsync();
        await (await _client.PostJsonAsync("/api/v1/live", new { title = "" }, owner.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.PostJsonAsync("/api/v1/live", new { title = "x", visibility = "followers" }, owner.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.PostJsonAsync("/api/v1/live", new { title = new string('x', 201) }, owner.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.PostJsonAsync("/api/v1/live", new { title = "x" })).StatusCode);
    }

    [Fact]
    public async Task Publish_OnlyWithTheCurrentKey_OncePerStream_AndDoneEndsIt()
    {
        var (_, owner) = await _client.SignUpAsync();
        var created = await CreateAsync(owner.AccessToken, "Game night");
        var id = created.GetProperty("id").GetGuid();
        var oldKey = created.GetProperty("stream_key").GetString()!;
        var key = (await (await _client.PostJsonAsync($"/api/v1/live/{id}/key", new { }, owner.AccessToken)).ReadJsonAsync()).GetProperty("stream_key").GetString()!;
        Assert.NotEqual(oldKey, key);

        Assert.Equal(HttpStatusCode.Forbidden, await PublishAsync(oldKey));                       // rotated away
        Assert.Equal(HttpStatusCode.Forbidden, await PublishAsync(key[..^2] + "xx"));             // wrong secret
        Assert.Equal(HttpStatusCode.Forbidden, await PublishAsync(key, secret: "not-the-secret")); // not our ingest
        Assert.Equal(HttpStatusCode.Forbidden, await PublishAsync("garbage"));
        Assert.Equal(HttpStatusCode.NoContent, await PublishAsync(key, client: "7"));
        Assert.Equal(HttpStatusCode.Forbidden, await PublishAsync(key, client: "8"));             // already live
        Assert.Equal(HttpStatusCode.NoContent, await PublishAsync(key, done: true, client: "8")); // the refused session's end

        var live = await (await _client.GetAsync($"/api/v1/live/{id}", owner.AccessToken)).ReadJsonAsync();
        Assert.Equal("live", live.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, live.GetProperty("started_at").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, await PublishAsync(key, done: true, client: "7"));
        var ended = await (await _client.GetAsync($"/api/v1/live/{id}", owner.AccessToken)).ReadJsonAsync();
        Assert.Equal("ended", ended.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, await PublishAsync(key)); // an ended stream never goes live again
    }

    [Fact]
    public async Task RotateAndEnd_AreTheOwnersOnly()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var id = (await CreateAsync(owner.AccessToken, "Mine")).GetProperty("id").GetGuid();

        await (await _client.PostJsonAsync($"/api/v1/live/{id}/key", new { }, other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync($"/api/v1/live/{id}/end", new { }, other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync($"/api/v1/live/{Guid.NewGuid()}/end", new { }, owner.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);

        var ended = await (await _client.PostJsonAsync($"/api/v1/live/{id}/end", new { }, owner.AccessToken)).ReadJsonAsync();
        Assert.Equal("ended", ended.GetProperty("state").GetString());
    }

    [Fact]
    public async Task List_ShowsPublicLiveStreams_NewestFirst_Paged_WithoutBlockedOwners()
    {
        var (_, viewer) = await _client.SignUpAsync();
        var (blockerUser, blocker) = await _client.SignUpAsync();
        var (_, owner) = await _client.SignUpAsync();
        var first = await LiveStreamAsync(owner.AccessToken, "public");
        var second = await LiveStreamAsync(owner.AccessToken, "public");
        var hidden = await LiveStreamAsync(owner.AccessToken, "private");
        var scheduled = (await CreateAsync(owner.AccessToken, "Later")).GetProperty("id").GetGuid();
        var blockersOwn = await LiveStreamAsync(blocker.AccessToken, "public");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/users/{blockerUser.Username}/block", new { }, viewer.AccessToken)).StatusCode);

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await _client.GetAsync($"/api/v1/live?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}", viewer.AccessToken)).ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next_cursor").GetString();
        } while (cursor is not null);

        Assert.Equal([second, first], seen.Where(id => id == first || id == second).ToList());
        Assert.DoesNotContain(hidden, seen);
        Assert.DoesNotContain(scheduled, seen);
        Assert.DoesNotContain(blockersOwn, seen);
        var anonymous = await (await _client.GetAsync("/api/v1/live?limit=50")).ReadJsonAsync();
        Assert.Contains(anonymous.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == blockersOwn);
        await (await _client.GetAsync("/api/v1/live?cursor=nonsense")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GoingLive_NotifiesTheFollowers_OfPublicStreamsOnly()
    {
        var (ownerUser, owner) = await _client.SignUpAsync();
        var (_, follower) = await _client.SignUpAsync();
        var (_, stranger) = await _client.SignUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/users/{ownerUser.Username}/follow", new { }, follower.AccessToken)).StatusCode);
        var hidden = await LiveStreamAsync(owner.AccessToken, "private");
        var open = await LiveStreamAsync(owner.AccessToken, "public");

        var n = (await _client.WaitForAsync(follower.AccessToken, "live_started"))!.Value;
        Assert.Equal(open, n.GetProperty("item_id").GetGuid());
        Assert.Equal("live", n.GetProperty("subject_kind").GetString());
        Assert.Equal($"{ownerUser.Username} is live: On air", n.GetProperty("title").GetString());
        await Eventually.ValueAsync(() => fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_events WHERE stream_key = $1 AND delivered_at IS NULL", open), c => c == 0);
        await Eventually.ValueAsync(() => fx.Database.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_events WHERE stream_key = $1 AND delivered_at IS NULL", hidden), c => c == 0);
        Assert.Single(await _client.ListAsync(follower.AccessToken), i => i.GetProperty("type").GetString() == "live_started");
        Assert.Empty(await _client.ListAsync(stranger.AccessToken));
    }

    private async Task<Guid> LiveStreamAsync(string token, string visibility)
    {
        var created = await CreateAsync(token, "On air", visibility);
        Assert.Equal(HttpStatusCode.NoContent, await PublishAsync(created.GetProperty("stream_key").GetString()!));
        return created.GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> CreateAsync(string token, string title, string visibility = "public")
    {
        var response = await _client.PostJsonAsync("/api/v1/live", new { title, visibility, record = false }, token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>As nginx-rtmp calls back: a form post with the stream key as `name`.</summary>
    private async Task<HttpStatusCode> PublishAsync(string key, string secret = LiveFixture.Secret, bool done = false, string client = "1")
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["app"] = "live", ["name"] = key, ["clientid"] = client, ["call"] = done ? "publish_done" : "publish",
        });
        return (await _client.PostAsync($"/internal/rtmp/{(done ? "publish-done" : "publish")}?secret={Uri.EscapeDataString(secret)}", form)).StatusCode;
    }
}
