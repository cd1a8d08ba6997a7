using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>Hosts that stop mid-work, and upload sessions that run out of time; each test has its own database.</summary>
public sealed class VideoRestartTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "sf-vrestart-" + Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Transcoding_InterruptedByStoppingTheHost_IsCompletedByTheNextHost()
    {
        var slow = VideoFixture.Settings(_dataDirectory);
        slow["SocialFlow:Videos:ReadInputAtNativeRate"] = "true"; // ffmpeg at real time: the job is surely running when we stop
        Guid id;
        string token;
        await using (var first = new ApiFactory(_db.ConnectionString, slow))
        {
            var client = first.CreateClient();
            var (_, tokens) = await client.SignUpAsync();
            token = tokens.AccessToken;
            var clip = await TestClips.Mp4320x240Async();
            (id, var url) = await client.CreateAsync(token, clip.Length);
            await client.UploadAsync(token, url, clip, chunk: clip.Length);
            var claimed = await Eventually.ValueAsync(
                () => _db.ScalarAsync<string>("SELECT lease_owner FROM video_jobs WHERE video_id = $1", id), owner => owner is not null);
            Assert.NotNull(claimed);
            Assert.Equal("processing", (await client.GetVideoAsync(token, id)).GetProperty("status").GetString());
        }
        Assert.Null(await _db.ScalarAsync<DateTime?>("SELECT completed_at FROM video_jobs WHERE video_id = $1", id));
        Assert.Null(await _db.ScalarAsync<string>("SELECT lease_owner FROM video_jobs WHERE video_id = $1", id)); // given back on stop

        await using var second = new ApiFactory(_db.ConnectionString, VideoFixture.Settings(_dataDirectory));
        var again = second.CreateClient();
        var video = await again.WaitUntilSettledAsync(token, id);
        Assert.Equal("ready", video.GetProperty("status").GetString());
        Assert.Equal(2, video.GetProperty("renditions").GetArrayLength());
        Assert.Equal(2, await _db.ScalarAsync<int>("SELECT attempts FROM video_jobs WHERE video_id = $1", id));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync(video.GetProperty("master_playlist_url").GetString())).StatusCode);
        var events = await _db.ScalarAsync<string>("SELECT string_agg(kind, ',' ORDER BY id) FROM outbox_events WHERE stream_namespace = 'videos' AND stream_key = $1", id);
        Assert.Equal("created,uploaded,ready", events);
    }

    [Fact]
    public async Task UploadSession_Expired_Is410_FailsTheVideo_AndTheSweeperEndsIdleOnes()
    {
        var settings = VideoFixture.Settings(_dataDirectory);
        settings["SocialFlow:Videos:UploadLifetime"] = "00:00:01.500";
        settings["SocialFlow:Videos:SweepInterval"] = "00:00:00.300";
        await using var factory = new ApiFactory(_db.ConnectionString, settings);
        var client = factory.CreateClient();
        var (_, tokens) = await client.SignUpAsync();
        var (touched, url) = await client.CreateAsync(tokens.AccessToken, 100_000);
        using (var patch = await client.PatchBytesAsync(tokens.AccessToken, url, 0, TestClips.PlausibleGarbage(4096)))
        {
            var expires = DateTimeOffset.Parse(patch.Headers.GetValues("Upload-Expires").Single());
            Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(3));
        }
        var (idle, _) = await client.CreateAsync(tokens.AccessToken, 100_000);
        await Task.Delay(1800);

        // Whichever comes first, the client's next request or the sweeper, the session is over.
        var head = await client.TusAsync(HttpMethod.Head, url, tokens.AccessToken);
        Assert.True(head.StatusCode is HttpStatusCode.Gone, $"HEAD after expiry: {(int)head.StatusCode}");
        await (await client.PatchBytesAsync(tokens.AccessToken, url, 4096, new byte[10])).AssertProblemAsync(HttpStatusCode.Gone);
        // The sweeper may have failed the video first and still be deleting its bytes (CI saw that window once).
        var staged = Path.Combine(_dataDirectory, "media", "uploads", touched.ToString("N"));
        await Eventually.HoldsAsync(() => Task.FromResult(!Directory.Exists(staged)), TimeSpan.FromSeconds(10), "the expired upload's bytes are deleted");
        var failed = await client.GetVideoAsync(tokens.AccessToken, touched);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("expired", failed.GetProperty("failure_reason").GetString());

        var swept = await Eventually.ValueAsync(async () => (await client.GetVideoAsync(tokens.AccessToken, idle)).GetProperty("status").GetString(), s => s == "failed");
        Assert.Equal("failed", swept);
    }
}
