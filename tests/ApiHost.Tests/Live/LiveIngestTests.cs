using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Videos;

namespace SocialFlow.ApiHost.Tests.Live;

/// <summary>Real nginx-rtmp, real ffmpeg publishers and encoders: live HLS, refusals, ending drops the ingest, recordings become videos.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class LiveIngestTests(LiveIngestFixture fx)
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(15), Stop = TimeSpan.FromSeconds(10);
    private readonly HttpClient _client = fx.CreateClient();

    [Fact]
    public async Task Publish_WithTheKey_GoesLiveWithHls_RefusesASecondPublisher_AndEndDropsTheIngest()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (id, key) = await CreateAsync(owner.AccessToken, "Launch party", "public", record: false);
        await using var publisher = TestPublisher.Start(fx.RtmpUrl, key);

        var live = await StreamAsync(id, owner.AccessToken, s => s.GetProperty("state").GetString() == "live");
        Assert.Equal("live", live.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, live.GetProperty("started_at").ValueKind);
        var master = live.GetProperty("hls_url").GetString()!;
        Assert.Equal($"/api/v1/live/{id}/hls/master.m3u8", master);

        var masterResponse = await Eventually.ValueAsync(() => _client.GetAsync(master), r => r.StatusCode == HttpStatusCode.OK, Start);
        Assert.Equal(HttpStatusCode.OK, masterResponse.StatusCode); // anonymous: the stream is public
        Assert.Equal("application/vnd.apple.mpegurl", masterResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", masterResponse.Headers.CacheControl?.ToString());
        var renditions = (await masterResponse.Content.ReadAsStringAsync()).Split('\n').Where(l => l.EndsWith(".m3u8")).ToList();
        Assert.Equal(["144p/index.m3u8", "240p/index.m3u8"], renditions);
        var segment = await FirstSegmentAsync($"/api/v1/live/{id}/hls/240p/index.m3u8");
        var ts = await _client.GetAsync($"/api/v1/live/{id}/hls/240p/{segment}");
        Assert.Equal(HttpStatusCode.OK, ts.StatusCode);
        Assert.Equal("video/mp2t", ts.Content.Headers.ContentType?.MediaType);
        var bytes = await ts.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 188 && bytes[0] == 0x47, "an MPEG-TS segment starts with the sync byte");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/live/{id}/hls/240p/..%2F..%2Fmaster.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/live/{id}/hls/..%2Frecording/part-0000.ts")).StatusCode);

        await using (var second = TestPublisher.Start(fx.RtmpUrl, key))
        {
            Assert.NotEqual(0, await second.ExitCodeAsync(Stop) ?? 0); // refused while live
        }
        Assert.False(publisher.HasExited);
        Assert.Equal("live", (await StreamAsync(id, owner.AccessToken)).GetProperty("state").GetString());
        Assert.Equal(1, TestPublisher.EncodersOf(id));

        var ended = await (await _client.PostJsonAsync($"/api/v1/live/{id}/end", new { }, owner.AccessToken)).ReadJsonAsync();
        Assert.Equal("ended", ended.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, ended.GetProperty("hls_url").ValueKind);
        Assert.NotEqual(0, await publisher.ExitCodeAsync(Stop) ?? 0); // dropped by the ingest: its connection breaks mid-stream
        Assert.Equal(0, await Eventually.ValueAsync(() => Task.FromResult(TestPublisher.EncodersOf(id)), n => n == 0, Stop));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(master)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/live/{id}/hls/240p/{segment}")).StatusCode);
    }

    [Fact]
    public async Task Publish_WithAWrongKey_IsRefused_AndTheStreamStaysScheduled()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (id, key) = await CreateAsync(owner.AccessToken, "Not yet", "public", record: false);
        await using var publisher = TestPublisher.Start(fx.RtmpUrl, key[..^2] + (key.EndsWith("xx") ? "yy" : "xx"));

        Assert.NotEqual(0, await publisher.ExitCodeAsync(Stop) ?? 0);
        var stream = await StreamAsync(id, owner.AccessToken);
        Assert.Equal("scheduled", stream.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, stream.GetProperty("hls_url").ValueKind);
        Assert.Equal(0, TestPublisher.EncodersOf(id));
    }

    [Fact]
    public async Task RecordedPrivateStream_ServesHlsToItsOwnerOnly_AndWhenThePublisherStops_BecomesAReadyVideo()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var (id, key) = await CreateAsync(owner.AccessToken, "Recorded rehearsal", "private", record: true);
        await using var publisher = TestPublisher.Start(fx.RtmpUrl, key, seconds: 10);

        var master = $"/api/v1/live/{id}/hls/master.m3u8";
        var owners = await Eventually.ValueAsync(() => _client.GetAsync(master, owner.AccessToken), r => r.StatusCode == HttpStatusCode.OK, Start);
        Assert.Equal(HttpStatusCode.OK, owners.StatusCode);
        await (await _client.GetAsync(master, other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(master)).StatusCode);

        Assert.Equal(0, await publisher.ExitCodeAsync(Start)); // its 10 s are over: on_publish_done ends the stream
        // A hand-off that failed (seen once on a loaded machine) is retried by the stream's 1-minute reminder.
        var ended = await StreamAsync(id, owner.AccessToken, s => s.GetProperty("recording_video_id").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(75));
        Assert.Equal("ended", ended.GetProperty("state").GetString());
        Assert.Equal(0, TestPublisher.EncodersOf(id));
        var videoId = ended.GetProperty("recording_video_id").GetString();
        Assert.NotNull(videoId);

        var video = await Eventually.ValueAsync(async () => await (await _client.GetAsync($"/api/v1/videos/{videoId}", owner.AccessToken)).ReadJsonAsync(),
            v => v.TryGetProperty("status", out var s) && s.GetString() is "ready" or "failed", TimeSpan.FromSeconds(90)); // a loaded 2-core machine took over 30 s
        Assert.True(video.GetProperty("status").GetString() == "ready", $"not ready: {video}");
        Assert.Equal("Recorded rehearsal", video.GetProperty("title").GetString());
        Assert.Equal("private", video.GetProperty("visibility").GetString());
        // Recording starts after the encoder's probe (1.98 s of 5 seen; in a loaded full run a 5 s stream once ended before
        // the encoder started, so nothing was recorded: hence 10 s).
        Assert.InRange(video.GetProperty("duration_seconds").GetDouble(), 1, 11);
        await (await _client.GetAsync($"/api/v1/videos/{videoId}", other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<(Guid Id, string Key)> CreateAsync(string token, string title, string visibility, bool record)
    {
        var response = await _client.PostJsonAsync("/api/v1/live", new { title, visibility, record }, token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        Assert.Equal(fx.RtmpUrl, created.GetProperty("rtmp_url").GetString());
        return (created.GetProperty("id").GetGuid(), created.GetProperty("stream_key").GetString()!);
    }

    private async Task<JsonElement> StreamAsync(Guid id, string token, Func<JsonElement, bool>? until = null, TimeSpan? within = null) =>
        await Eventually.ValueAsync(async () => await (await _client.GetAsync($"/api/v1/live/{id}", token)).ReadJsonAsync(), until ?? (_ => true), within ?? Start);

    /// <summary>The newest segment named by the rendition's rolling playlist, once it names one.</summary>
    private async Task<string> FirstSegmentAsync(string playlistUrl)
    {
        var text = await Eventually.ValueAsync(async () =>
        {
            var r = await _client.GetAsync(playlistUrl);
            return r.StatusCode == HttpStatusCode.OK ? await r.Content.ReadAsStringAsync() : "";
        }, t => t.Contains(".ts"), Start);
        return text.Split('\n').Last(l => l.EndsWith(".ts"));
    }
}
