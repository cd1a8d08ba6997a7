using System.Net;
using System.Net.Http.Headers;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>Playback over HLS, visibility, and owner-only changes, always with two users.</summary>
[Collection(VideoCollection.Name)]
public sealed class VideoAccessTests(VideoFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Hls_MasterVariantAndSegment_ServedWithRangesAndCacheHeaders()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var (id, video) = await fixture.ReadyVideoAsync(_client, tokens.AccessToken);
        Assert.Equal(user.Username, video.GetProperty("owner").GetProperty("username").GetString());
        Assert.Equal(0, video.GetProperty("like_count").GetInt64());
        Assert.False(video.GetProperty("liked").GetBoolean());

        using var master = await _client.GetAsync(video.GetProperty("master_playlist_url").GetString());
        Assert.Equal(HttpStatusCode.OK, master.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", master.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=10", master.Headers.CacheControl?.ToString());
        var variants = (await master.Content.ReadAsStringAsync()).Split('\n').Where(l => l.EndsWith(".m3u8")).ToList();
        Assert.Equal(["144p/index.m3u8", "240p/index.m3u8"], variants);

        var variantUrl = $"/api/v1/videos/{id}/stream/{variants[1]}";
        var playlist = await (await _client.GetAsync(variantUrl)).Content.ReadAsStringAsync();
        var segments = playlist.Split('\n').Where(l => l.EndsWith(".ts")).ToList();
        Assert.True(segments.Count >= 2, playlist);
        var segmentUrl = $"/api/v1/videos/{id}/stream/240p/{segments[0]}";

        using var whole = await _client.GetAsync(segmentUrl);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("video/mp2t", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", whole.Headers.CacheControl?.ToString());
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        var bytes = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal(0x47, bytes[0]); // MPEG-TS sync byte

        using var request = new HttpRequestMessage(HttpMethod.Get, segmentUrl);
        request.Headers.Range = new RangeHeaderValue(188, 375);
        using var part = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 188-375/{bytes.Length}", part.Content.Headers.ContentRange?.ToString());
        Assert.Equal(bytes[188..376], await part.Content.ReadAsByteArrayAsync());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, segmentUrl);
        beyond.Headers.Range = new RangeHeaderValue(bytes.Length + 10, null);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await _client.SendAsync(beyond)).StatusCode);

        using var thumbnail = await _client.GetAsync(video.GetProperty("thumbnail_urls")[0].GetString());
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xFF, 0xD8], (await thumbnail.Content.ReadAsByteArrayAsync())[..2]);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/videos/{id}/stream/720p/index.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/videos/{id}/stream/240p/..%2Fsource")).StatusCode);
    }

    [Fact]
    public async Task PrivateVideo_Is404ForOthersEverywhere_AndPlaysForItsOwner()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var (id, video) = await fixture.ReadyVideoAsync(_client, owner.AccessToken, "private");
        var master = video.GetProperty("master_playlist_url").GetString()!;
        var thumbnail = video.GetProperty("thumbnail_urls")[0].GetString()!;

        foreach (var url in new[] { $"/api/v1/videos/{id}", master, $"/api/v1/videos/{id}/stream/240p/index.m3u8", thumbnail })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(url, other.AccessToken)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(url)).StatusCode);
        }
        using var own = await _client.GetAsync(master, owner.AccessToken);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.True(own.Headers.CacheControl is { Private: true, Public: false, MaxAge.TotalSeconds: 10 }, own.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task UnlistedVideo_ReachableByIdButAbsentFromFeedAndProfile()
    {
        var (owner, tokens) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var (id, video) = await fixture.ReadyVideoAsync(_client, tokens.AccessToken, "unlisted");

        Assert.Equal("unlisted", (await _client.GetVideoAsync(other.AccessToken, id)).GetProperty("visibility").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(video.GetProperty("master_playlist_url").GetString())).StatusCode);
        Assert.DoesNotContain(id, await VideoListTests.AllFeedIdsAsync(_client));
        var profile = await (await _client.GetAsync($"/api/v1/users/{owner.Username}/videos", other.AccessToken)).ReadJsonAsync();
        Assert.Equal(0, profile.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task EveryIdRoute_OwnerOnlyForChanges_TwoUsers()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var (id, _) = await fixture.ReadyVideoAsync(_client, owner.AccessToken);
        var (pendingId, uploadUrl) = await _client.CreateAsync(owner.AccessToken, 1000, "public");

        // A public video others can see: changing it is forbidden. A video still uploading: they cannot see it at all.
        await (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/videos/{id}", new { title = "mine now" }, other.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{id}/chapters", new { chapters = Array.Empty<object>() }, other.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        await (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", null, other.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        await (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/videos/{pendingId}", new { title = "x" }, other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/videos/{pendingId}", null, other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/videos/{pendingId}", other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.TusAsync(HttpMethod.Head, uploadUrl, other.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/videos/{id}", new { title = "anon" })).StatusCode);

        var unchanged = await _client.GetVideoAsync(other.AccessToken, id);
        Assert.NotEqual("mine now", unchanged.GetProperty("title").GetString());

        using var patched = await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/videos/{id}",
            new { title = "Renamed", description = "new words", tags = new[] { "a", "b" }, visibility = "private" }, owner.AccessToken);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.ReadJsonAsync();
        Assert.Equal("Renamed", body.GetProperty("title").GetString());
        Assert.Equal("private", body.GetProperty("visibility").GetString());
        await (await _client.GetAsync($"/api/v1/videos/{id}", other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/videos/{id}", new { visibility = "everyone" }, owner.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Delete_ByOwnerOrModerator_RemovesMediaAndHidesTheVideo()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (_, moderator) = await _client.SignUpAsync();
        var (id, video) = await fixture.ReadyVideoAsync(_client, owner.AccessToken);
        var mediaDir = Path.Combine(fixture.MediaDirectory, "videos", id.ToString("N"));
        Assert.True(Directory.Exists(Path.Combine(mediaDir, "hls")));

        await (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", null, moderator.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var asModerator = await fixture.Factory.GrantRoleAsync(moderator.AccessToken, "moderator");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", null, asModerator)).StatusCode);

        Assert.False(Directory.Exists(mediaDir));
        await (await _client.GetAsync($"/api/v1/videos/{id}", owner.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(video.GetProperty("master_playlist_url").GetString())).StatusCode);
        await (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", null, owner.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.NotNull(await fixture.Database.ScalarAsync<DateTime?>("SELECT deleted_at FROM content WHERE id = $1", id));
        Assert.Equal("deleted", await fixture.Database.ScalarAsync<string>("SELECT kind FROM outbox_events WHERE stream_namespace = 'videos' AND stream_key = $1 ORDER BY id DESC LIMIT 1", id));

        var (pendingId, _) = await _client.CreateAsync(owner.AccessToken, 1000);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/videos/{pendingId}", null, owner.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Chapters_ValidatedAndShownInGet()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (id, _) = await fixture.ReadyVideoAsync(_client, owner.AccessToken);
        var url = $"/api/v1/videos/{id}/chapters";

        await (await _client.SendJsonAsync(HttpMethod.Put, url, new { chapters = new[] { new { start_seconds = 1.0, title = "late start" } } }, owner.AccessToken))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _client.SendJsonAsync(HttpMethod.Put, url, new { chapters = new[] { new { start_seconds = 0.0, title = "a" }, new { start_seconds = 0.0, title = "b" } } }, owner.AccessToken))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _client.SendJsonAsync(HttpMethod.Put, url, new { chapters = new[] { new { start_seconds = 0.0, title = "a" }, new { start_seconds = 30.0, title = "past the end" } } }, owner.AccessToken))
            .AssertProblemAsync((HttpStatusCode)422, "invalid_chapters");

        using var ok = await _client.SendJsonAsync(HttpMethod.Put, url, new { chapters = new[] { new { start_seconds = 0.0, title = "Intro" }, new { start_seconds = 1.2, title = "Tone" } } }, owner.AccessToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var chapters = (await _client.GetVideoAsync(null, id)).GetProperty("chapters");
        Assert.Equal(2, chapters.GetArrayLength());
        Assert.Equal("Tone", chapters[1].GetProperty("title").GetString());
        Assert.Equal(1.2, chapters[1].GetProperty("start_seconds").GetDouble());
    }
}
