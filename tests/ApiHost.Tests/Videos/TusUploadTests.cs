using System.Net;
using System.Text;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>The tus 1.0.0 protocol as standard clients use it, and the upload limits.</summary>
[Collection(VideoCollection.Name)]
public sealed class TusUploadTests(VideoFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Options_AdvertisesVersionExtensionsMaxSizeAndChecksums()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/uploads");
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("1.0.0", response.Headers.GetValues("Tus-Version").Single());
        Assert.Equal("1.0.0", response.Headers.GetValues("Tus-Resumable").Single());
        var extensions = response.Headers.GetValues("Tus-Extension").Single().Split(',');
        Assert.Subset(extensions.ToHashSet(), new HashSet<string> { "creation", "expiration", "termination", "checksum" });
        Assert.Equal(VideoFixture.MaxBytes.ToString(), response.Headers.GetValues("Tus-Max-Size").Single());
        Assert.Contains("sha1", response.Headers.GetValues("Tus-Checksum-Algorithm").Single().Split(','));
    }

    [Fact]
    public async Task Upload_DroppedConnectionMidChunk_ResumesFromHeadOffsetAndBecomesReady()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var clip = await TestClips.Mp4320x240Async();
        var (id, url) = await _client.CreateAsync(tokens.AccessToken, clip.Length);

        using (var head = await _client.TusAsync(HttpMethod.Head, url, tokens.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal("0", head.Headers.GetValues("Upload-Offset").Single());
            Assert.Equal(clip.Length.ToString(), head.Headers.GetValues("Upload-Length").Single());
            Assert.Equal("1.0.0", head.Headers.GetValues("Tus-Resumable").Single());
            Assert.Equal("no-store", head.Headers.CacheControl?.ToString());
            Assert.True(head.Headers.Contains("Upload-Expires"));
        }
        var first = clip.Length / 3;
        await _client.UploadAsync(tokens.AccessToken, url, clip[..first], chunk: 8 * 1024);

        // The connection drops after some bytes of the next chunk: the client saw no answer.
        var dropAfter = 10_000;
        await DropMidChunkAsync(new Uri(_client.BaseAddress!, url), tokens.AccessToken, first, clip.AsMemory(first), dropAfter);

        // The server notices the drop a moment later and keeps (fsyncs and commits) the bytes it had received.
        var resumeAt = await Eventually.ValueAsync(() => _client.HeadOffsetAsync(tokens.AccessToken, url), o => o == first + dropAfter);
        Assert.Equal(first + dropAfter, resumeAt);
        await _client.UploadAsync(tokens.AccessToken, url, clip, chunk: 16 * 1024, from: resumeAt);

        var video = await _client.WaitUntilSettledAsync(tokens.AccessToken, id);
        Assert.Equal("ready", video.GetProperty("status").GetString());
        Assert.Equal(100, video.GetProperty("progress").GetInt32());
        Assert.Equal(320, video.GetProperty("width").GetInt32());
        Assert.Equal(240, video.GetProperty("height").GetInt32());
        Assert.InRange(video.GetProperty("duration_seconds").GetDouble(), 1.8, 2.3);
        var renditions = video.GetProperty("renditions").EnumerateArray().ToList();
        Assert.Equal(["144p", "240p"], renditions.Select(r => r.GetProperty("name").GetString()));
        Assert.All(renditions, r => Assert.InRange(r.GetProperty("height").GetInt32(), 1, 240)); // never above the source
        Assert.Equal(2, video.GetProperty("thumbnail_urls").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(fixture.MediaDirectory, "videos", id.ToString("N"), "source")));
        Assert.Equal(clip, await File.ReadAllBytesAsync(Path.Combine(fixture.MediaDirectory, "videos", id.ToString("N"), "source")));
        Assert.False(Directory.Exists(Path.Combine(fixture.MediaDirectory, "uploads", id.ToString("N"))), "the staged chunks are gone once the source is stored");
        var attempts = await fixture.Database.ScalarAsync<int>("SELECT attempts FROM video_jobs WHERE video_id = $1 AND completed_at IS NOT NULL", id);
        Assert.Equal(1, attempts);
    }

    /// <summary>Sends a PATCH declaring all the bytes, sends some, then resets the connection.</summary>
    private static async Task DropMidChunkAsync(Uri url, string token, long offset, ReadOnlyMemory<byte> rest, int dropAfter)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        var stream = tcp.GetStream();
        var head = $"PATCH {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nAuthorization: Bearer {token}\r\nTus-Resumable: 1.0.0\r\n" +
                   $"Upload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {rest.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(rest[..dropAfter]);
        await stream.FlushAsync();
        await Task.Delay(300);
        tcp.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0); // close with a reset, as a lost network does
        tcp.Close();
    }

    [Fact]
    public async Task Patch_WrongOffset_Is409AndReportsTheOffset()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var (_, url) = await _client.CreateAsync(tokens.AccessToken, 100_000);
        var mp4 = TestClips.PlausibleGarbage(4096);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PatchBytesAsync(tokens.AccessToken, url, 0, mp4)).StatusCode);

        using var response = await _client.PatchBytesAsync(tokens.AccessToken, url, 1000, new byte[10]);
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "offset_mismatch");
        Assert.Equal("4096", response.Headers.GetValues("Upload-Offset").Single());
        Assert.Equal(4096, await _client.HeadOffsetAsync(tokens.AccessToken, url));
    }

    [Fact]
    public async Task Patch_ChecksumMismatch_Is460AndKeepsNothing()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var (_, url) = await _client.CreateAsync(tokens.AccessToken, 100_000);
        var chunk = TestClips.PlausibleGarbage(4096);
        using var bad = await _client.PatchBytesAsync(tokens.AccessToken, url, 0, chunk, VideoApi.Sha1(new byte[] { 1, 2, 3 }));
        await bad.AssertProblemAsync((HttpStatusCode)460, "checksum_mismatch");
        Assert.Equal(0, await _client.HeadOffsetAsync(tokens.AccessToken, url));

        using var unsupported = await _client.PatchBytesAsync(tokens.AccessToken, url, 0, chunk, "crc32 AAAA");
        await unsupported.AssertProblemAsync(HttpStatusCode.BadRequest, "unsupported_checksum");
        using var good = await _client.PatchBytesAsync(tokens.AccessToken, url, 0, chunk, VideoApi.Sha1(chunk));
        Assert.Equal(HttpStatusCode.NoContent, good.StatusCode);
        Assert.Equal(4096, await _client.HeadOffsetAsync(tokens.AccessToken, url));
    }

    [Fact]
    public async Task Patch_WithoutTusResumableOrWithWrongContentType_IsRefused()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var (_, url) = await _client.CreateAsync(tokens.AccessToken, 100_000);
        using var noTus = await _client.PatchAsync(tokens.AccessToken, url, 0, new ByteArrayContent(new byte[16]), tus: false);
        await noTus.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "tus_version_unsupported");
        Assert.Equal("1.0.0", noTus.Headers.GetValues("Tus-Version").Single());

        var wrongType = new ByteArrayContent(new byte[16]);
        wrongType.Headers.ContentType = new("application/octet-stream");
        using var response = await _client.PatchAsync(tokens.AccessToken, url, 0, wrongType);
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal(0, await _client.HeadOffsetAsync(tokens.AccessToken, url));
    }

    [Fact]
    public async Task UploadResource_OfAnotherUser_Is404ForEveryMethod()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var (id, url) = await _client.CreateAsync(owner.AccessToken, 100_000);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.TusAsync(HttpMethod.Head, url, other.AccessToken)).StatusCode);
        await (await _client.PatchBytesAsync(other.AccessToken, url, 0, TestClips.PlausibleGarbage(4096))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.TusAsync(HttpMethod.Delete, url, other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        var metadata = "video_id " + Convert.ToBase64String(Encoding.UTF8.GetBytes(id.ToString()));
        await (await _client.TusAsync(HttpMethod.Post, "/api/v1/uploads", other.AccessToken, ("Upload-Length", "100000"), ("Upload-Metadata", metadata)))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.TusAsync(HttpMethod.Head, url, null)).StatusCode);
        Assert.Equal(0, await _client.HeadOffsetAsync(owner.AccessToken, url)); // untouched
    }

    [Fact]
    public async Task Create_OverMaxSizeOrQuota_Is413()
    {
        var (_, tokens) = await _client.SignUpAsync();
        await (await _client.PostJsonAsync("/api/v1/videos", new { title = "big", visibility = "public", size = VideoFixture.MaxBytes + 1 }, tokens.AccessToken))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "video_too_large");
        await _client.CreateAsync(tokens.AccessToken, VideoFixture.MaxBytes);
        await (await _client.PostJsonAsync("/api/v1/videos", new { title = "over", visibility = "public", size = VideoFixture.QuotaBytes - VideoFixture.MaxBytes + 1 }, tokens.AccessToken))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "quota_exceeded");
        await _client.CreateAsync(tokens.AccessToken, VideoFixture.QuotaBytes - VideoFixture.MaxBytes); // exactly the quota fits

        var (_, fresh) = await _client.SignUpAsync();
        var (id, _) = await _client.CreateAsync(fresh.AccessToken, 1000);
        var metadata = "video_id " + Convert.ToBase64String(Encoding.UTF8.GetBytes(id.ToString()));
        await (await _client.TusAsync(HttpMethod.Post, "/api/v1/uploads", fresh.AccessToken, ("Upload-Length", (VideoFixture.MaxBytes + 1).ToString()), ("Upload-Metadata", metadata)))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "video_too_large");
    }

    [Fact]
    public async Task Patch_BeyondUploadLength_Is413AndKeepsNothing()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var (_, url) = await _client.CreateAsync(tokens.AccessToken, 1000);
        await (await _client.PatchBytesAsync(tokens.AccessToken, url, 0, TestClips.PlausibleGarbage(1001))).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "upload_length_exceeded");
        Assert.Equal(0, await _client.HeadOffsetAsync(tokens.AccessToken, url));
    }

    [Fact]
    public async Task Patch_FirstBytesPlainlyNotMedia_Is415AndTheUploadIsRefused()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("This is a text file, not a video. ", 100)));
        var (id, url) = await _client.CreateAsync(tokens.AccessToken, text.Length);
        await (await _client.PatchBytesAsync(tokens.AccessToken, url, 0, text)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "not_a_video");

        Assert.Equal(HttpStatusCode.Gone, (await _client.TusAsync(HttpMethod.Head, url, tokens.AccessToken)).StatusCode);
        var video = await _client.GetVideoAsync(tokens.AccessToken, id);
        Assert.Equal("failed", video.GetProperty("status").GetString());
        Assert.Contains("not a video", video.GetProperty("failure_reason").GetString());
    }

    [Fact]
    public async Task Upload_PlausibleButGarbage_FailsWithTheProbeReason()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var garbage = TestClips.PlausibleGarbage();
        var (id, url) = await _client.CreateAsync(tokens.AccessToken, garbage.Length);
        await _client.UploadAsync(tokens.AccessToken, url, garbage);

        var video = await _client.WaitUntilSettledAsync(tokens.AccessToken, id);
        Assert.Equal("failed", video.GetProperty("status").GetString());
        Assert.Contains("ffprobe", video.GetProperty("failure_reason").GetString());
        Assert.Equal(0, video.GetProperty("renditions").GetArrayLength());
    }

    [Fact]
    public async Task TusCreation_WithVideoIdMetadata_GivesLocationAndExpiry()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var clip = await TestClips.Mp4320x240Async();
        var (id, _) = await _client.CreateAsync(tokens.AccessToken, 1);
        var metadata = $"filename {Convert.ToBase64String("clip.mp4"u8)},video_id {Convert.ToBase64String(Encoding.UTF8.GetBytes(id.ToString()))}";
        using var created = await _client.TusAsync(HttpMethod.Post, "/api/v1/uploads", tokens.AccessToken,
            ("Upload-Length", clip.Length.ToString()), ("Upload-Metadata", metadata));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.Contains("Upload-Expires"));
        var location = created.Headers.Location!.ToString();
        Assert.EndsWith($"/api/v1/uploads/{id}", location);

        using (var head = await _client.TusAsync(HttpMethod.Head, location, tokens.AccessToken))
        {
            Assert.Equal(clip.Length.ToString(), head.Headers.GetValues("Upload-Length").Single());
        }
        await (await _client.TusAsync(HttpMethod.Post, "/api/v1/uploads", tokens.AccessToken, ("Upload-Length", "10"), ("Upload-Metadata", "filename eA==")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "video_id_required");
        await _client.UploadAsync(tokens.AccessToken, location, clip[..4096]);
        await (await _client.TusAsync(HttpMethod.Post, "/api/v1/uploads", tokens.AccessToken, ("Upload-Length", "99999"), ("Upload-Metadata", metadata)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "upload_length_conflict");
    }

    [Fact]
    public async Task Terminate_EndsTheUploadAndFailsTheVideo()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var (id, url) = await _client.CreateAsync(tokens.AccessToken, 100_000);
        await _client.UploadAsync(tokens.AccessToken, url, TestClips.PlausibleGarbage(4096));
        var staged = Path.Combine(fixture.MediaDirectory, "uploads", id.ToString("N"));
        Assert.Single(Directory.GetFiles(staged));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.TusAsync(HttpMethod.Delete, url, tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await _client.TusAsync(HttpMethod.Head, url, tokens.AccessToken)).StatusCode);
        await (await _client.PatchBytesAsync(tokens.AccessToken, url, 4096, new byte[10])).AssertProblemAsync(HttpStatusCode.Gone);
        Assert.False(Directory.Exists(staged));
        Assert.Equal("failed", (await _client.GetVideoAsync(tokens.AccessToken, id)).GetProperty("status").GetString());
    }
}
