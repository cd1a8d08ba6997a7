using System.Net;
using SocialFlow.Grains.Infrastructure.Media;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>
/// Two API hosts over one silo, as two API pods: <c>first</c> co-hosts the silo, <c>second</c> is an Orleans client
/// of it. Each has its own data directory (a pod's emptyDir); the media store is S3 (s3rver), shared by both.
/// </summary>
public sealed class TusAcrossHostsTests(S3Fixture s3) : IClassFixture<S3Fixture>, IAsyncLifetime
{
    private readonly string _cluster = "test-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _gateway = FreePort.Next().ToString();
    private readonly List<string> _directories = [];
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        foreach (var d in _directories.Where(Directory.Exists)) Directory.Delete(d, recursive: true);
    }

    [Fact]
    public async Task Upload_PatchesAlternatingBetweenTwoHosts_OneHostGoneMidway_BecomesReady()
    {
        await using var first = Host(client: false, out var firstData);
        var second = Host(client: true, out var secondData);
        var (a, b) = (first.CreateClient(), second.CreateClient());
        var (_, tokens) = await a.SignUpAsync();
        var clip = await TestClips.Mp4320x240Async();
        var (id, url) = await a.CreateAsync(tokens.AccessToken, clip.Length);

        // Every chunk goes to the other host than the one before, and each host's HEAD sees the other's offset.
        var chunk = clip.Length / 10;
        var half = 5 * chunk;
        for (var offset = 0; offset < half; offset += chunk)
        {
            var (to, other) = offset / chunk % 2 == 0 ? (a, b) : (b, a);
            using var patch = await to.PatchBytesAsync(tokens.AccessToken, url, offset, clip.AsMemory(offset, chunk), VideoApi.Sha1(clip.AsSpan(offset, chunk)));
            Assert.True(patch.StatusCode == HttpStatusCode.NoContent,
                $"PATCH at {offset} of {clip.Length}: {(int)patch.StatusCode} {await patch.Content.ReadAsStringAsync()}");
            Assert.Equal(offset + chunk, await other.HeadOffsetAsync(tokens.AccessToken, url));
        }
        Assert.True(Directory.Exists(Path.Combine(secondData, "uploads")), "the second host took PATCHes");

        // The second pod dies with its disk; the upload goes on at the first one.
        await second.DisposeAsync();
        Directory.Delete(secondData, recursive: true);
        await a.UploadAsync(tokens.AccessToken, url, clip, chunk: chunk, from: half);

        var video = await a.WaitUntilSettledAsync(tokens.AccessToken, id);
        Assert.Equal("ready", video.GetProperty("status").GetString());
        Assert.Equal(clip, await ReadAsync($"videos/{id:N}/source"));
        Assert.Empty(await ListAsync($"uploads/{id:N}/"));
        Assert.Empty(Directory.GetFiles(Path.Combine(firstData, "uploads")));   // no scratch left behind
    }

    [Fact]
    public async Task Patch_SameOffsetOnBothHostsAtOnce_OneCommits_AndTheFileIsTheClients()
    {
        await using var first = Host(client: false, out _);
        await using var second = Host(client: true, out _);
        var (a, b) = (first.CreateClient(), second.CreateClient());
        var (_, tokens) = await a.SignUpAsync();
        var clip = await TestClips.Mp4320x240Async();
        var (id, url) = await a.CreateAsync(tokens.AccessToken, clip.Length);
        await a.UploadAsync(tokens.AccessToken, url, clip[..8192], chunk: 8192);

        // A client that retried on another pod while its first request still ran: two lengths from one offset.
        var racing = await Task.WhenAll(
            a.PatchBytesAsync(tokens.AccessToken, url, 8192, clip.AsMemory(8192, 10_000)),
            b.PatchBytesAsync(tokens.AccessToken, url, 8192, clip.AsMemory(8192, 30_000)));
        var codes = racing.Select(r => r.StatusCode).Order().ToList();
        Assert.True(codes.Count(c => c == HttpStatusCode.NoContent) == 1 && codes.Count(c => c == HttpStatusCode.Conflict) == 1,
            $"one commits, one is told the offset moved: {string.Join(", ", codes)}");
        var resumeAt = await b.HeadOffsetAsync(tokens.AccessToken, url);
        Assert.Contains(resumeAt, new long[] { 8192 + 10_000, 8192 + 30_000 });
        await b.UploadAsync(tokens.AccessToken, url, clip, chunk: 40_000, from: resumeAt);

        Assert.Equal("ready", (await a.WaitUntilSettledAsync(tokens.AccessToken, id)).GetProperty("status").GetString());
        Assert.Equal(clip, await ReadAsync($"videos/{id:N}/source"));
    }

    private ApiFactory Host(bool client, out string dataDirectory)
    {
        dataDirectory = Path.Combine(Path.GetTempPath(), "sf-tus-" + Guid.NewGuid().ToString("N"));
        _directories.Add(dataDirectory);
        var settings = VideoFixture.Settings(dataDirectory);
        s3.Configure(settings);
        settings["SocialFlow:Orleans:ClusterId"] = _cluster;
        settings["SocialFlow:Orleans:GatewayPort"] = _gateway;
        if (client) settings["SocialFlow:Orleans:Mode"] = "Client";
        return new ApiFactory(_db.ConnectionString, settings);
    }

    private async Task<byte[]> ReadAsync(string key)
    {
        await using var stream = await s3.Store.OpenReadAsync(key);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<List<MediaObject>> ListAsync(string prefix)
    {
        var found = new List<MediaObject>();
        await foreach (var o in s3.Store.ListAsync(prefix)) found.Add(o);
        return found;
    }
}
