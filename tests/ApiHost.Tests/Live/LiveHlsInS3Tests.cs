using System.Diagnostics;
using System.Globalization;
using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialFlow.ApiHost.Tests.Live;

/// <summary>
/// Live HLS in a cluster: with an S3 media store the encoding silo uploads each closed segment and then its playlist,
/// and the API host serves them from the bucket. The delay this adds is measured here, from a segment's closing (its
/// name in the encoder's own playlist on disk) to the API host serving it, beside the local-disk path in the same run.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class LiveHlsInS3Tests(LiveIngestFixture local, S3LiveIngestFixture s3, ITestOutputHelper output) : IClassFixture<S3LiveIngestFixture>
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(20), Measuring = TimeSpan.FromSeconds(12), Poll = TimeSpan.FromMilliseconds(20);
    private const string Rendition = "240p";

    [Fact]
    public async Task LiveHls_WithTheS3Store_IsServedFromTheBucket_KeepsOnlyTheLiveWindow_AndGoesWhenTheStreamEnds()
    {
        var client = s3.CreateClient();
        var (id, key, token) = await CreateAsync(client);
        await using var publisher = TestPublisher.Start(s3.RtmpUrl, key);
        var store = s3.S3.Store;
        var playlist = $"/api/v1/live/{id}/hls/{Rendition}/index.m3u8";

        var first = (await Eventually.ValueAsync(() => ServedSegmentsAsync(client, playlist), s => s.Count > 0, Start))[0];
        // The master goes up after the renditions' playlists it names (LiveHlsUpload): one upload later than the first segment shows.
        Assert.NotNull(await Eventually.ValueAsync(() => store.GetLengthAsync($"live/{id:N}/hls/master.m3u8"), n => n is not null, TimeSpan.FromSeconds(5)));
        Assert.NotNull(await store.GetLengthAsync($"live/{id:N}/hls/{Rendition}/index.m3u8"));
        Assert.NotNull(await store.GetLengthAsync($"live/{id:N}/hls/{Rendition}/{first}"));
        var master = await client.GetStringAsync($"/api/v1/live/{id}/hls/master.m3u8");
        Assert.Contains($"{Rendition}/index.m3u8", master);
        var ts = await client.GetAsync($"/api/v1/live/{id}/hls/{Rendition}/{first}");
        Assert.Equal(HttpStatusCode.OK, ts.StatusCode);
        Assert.Equal(0x47, (await ts.Content.ReadAsByteArrayAsync())[0]);

        // The window moves on: once the playlist is two segments past the first one, the first leaves the bucket.
        var beyond = Number(first) + S3LiveIngestFixture.PlaylistSegments + 2;
        await Eventually.ValueAsync(() => ServedSegmentsAsync(client, playlist), s => s.Count > 0 && Number(s[0]) >= beyond, TimeSpan.FromSeconds(30));
        Assert.Null(await Eventually.ValueAsync(() => store.GetLengthAsync($"live/{id:N}/hls/{Rendition}/{first}"), n => n is null, TimeSpan.FromSeconds(5)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/live/{id}/hls/{Rendition}/{first}")).StatusCode);
        var stored = await StoredSegmentsAsync(id);
        Assert.InRange(stored.Count, 1, S3LiveIngestFixture.PlaylistSegments + 2); // the playlist's, the previous one's, one going up

        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/v1/live/{id}/end", new { }, token)).StatusCode);
        Assert.Empty(await store.ListAsync($"live/{id:N}/").ToListAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/live/{id}/hls/master.m3u8")).StatusCode);
    }

    [Fact]
    public async Task SegmentDelay_FromClosingToServed_ThroughS3_IsBounded_AndPrintedBesideLocalDisk()
    {
        var onDisk = await MeasureAsync(local);
        var throughS3 = await MeasureAsync(s3);
        output.WriteLine($"live segment delay, closed -> served by the API host (ms): local disk {Summary(onDisk)}; S3 (s3rver) {Summary(throughS3)}");
        Assert.True(onDisk.Count >= 5 && throughS3.Count >= 5, $"too few segments measured: {onDisk.Count} on disk, {throughS3.Count} through S3");
        // Wide on purpose: alone the maximum is under 100 ms, but inside full suites sharing these 2 cores half the
        // segments once took over 2 s (max 6 s, another run one of 12 s); a broken upload serves none at all.
        Assert.True(throughS3.Order().ElementAt(throughS3.Count / 2) < 10_000, $"through S3: {Summary(throughS3)}");
    }

    /// <summary>
    /// One live stream on the fixture's host, watched for <see cref="Measuring"/> every <see cref="Poll"/>: a segment
    /// closes when the encoder's playlist on disk first names it, and is served when the API host's playlist names it
    /// and its GET answers 200. Segments closed before watching began are not counted.
    /// </summary>
    private async Task<List<double>> MeasureAsync(LiveIngestFixture fx)
    {
        var client = fx.CreateClient();
        var (id, key, token) = await CreateAsync(client);
        await using var publisher = TestPublisher.Start(fx.RtmpUrl, key);
        var playlist = $"/api/v1/live/{id}/hls/{Rendition}/index.m3u8";
        var onDisk = Path.Combine(fx.DataDirectory, "live", id.ToString("N"), "hls", Rendition, "index.m3u8");
        await Eventually.ValueAsync(() => ServedSegmentsAsync(client, playlist), s => s.Count > 0, Start);

        var before = LocalSegments(onDisk).ToHashSet();
        var served = new HashSet<string>(before);
        var closed = new Dictionary<string, long>();
        var delays = new List<double>();
        var watching = Stopwatch.StartNew();
        while (watching.Elapsed < Measuring)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var s in LocalSegments(onDisk).Where(s => !before.Contains(s))) closed.TryAdd(s, now);
            foreach (var s in (await ServedSegmentsAsync(client, playlist)).Where(s => !served.Contains(s)))
            {
                using var segment = await client.GetAsync($"/api/v1/live/{id}/hls/{Rendition}/{s}");
                if (segment.StatusCode != HttpStatusCode.OK) continue;
                await segment.Content.ReadAsByteArrayAsync();
                served.Add(s);
                delays.Add(Stopwatch.GetElapsedTime(closed.GetValueOrDefault(s, now)).TotalMilliseconds);
            }
            await Task.Delay(Poll);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/v1/live/{id}/end", new { }, token)).StatusCode);
        return delays;
    }

    private static string Summary(List<double> ms)
    {
        var sorted = ms.Order().ToList();
        if (sorted.Count == 0) return "n=0";
        double At(double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"n={sorted.Count} p50={At(0.5):F0} p95={At(0.95):F0} max={sorted[^1]:F0}");
    }

    private static async Task<(Guid Id, string Key, string Token)> CreateAsync(HttpClient client)
    {
        var (_, owner) = await client.SignUpAsync();
        var created = await (await client.PostJsonAsync("/api/v1/live", new { title = "Live HLS", visibility = "public", record = false }, owner.AccessToken)).ReadJsonAsync();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("stream_key").GetString()!, owner.AccessToken);
    }

    private static async Task<List<string>> ServedSegmentsAsync(HttpClient client, string playlist)
    {
        using var response = await client.GetAsync(playlist);
        return response.StatusCode == HttpStatusCode.OK ? Segments(await response.Content.ReadAsStringAsync()) : [];
    }

    private static List<string> LocalSegments(string playlist)
    {
        try { return Segments(File.ReadAllText(playlist)); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return []; }
    }

    private async Task<List<string>> StoredSegmentsAsync(Guid id) =>
        await s3.S3.Store.ListAsync($"live/{id:N}/hls/{Rendition}/").Select(o => o.Key).Where(k => k.EndsWith(".ts", StringComparison.Ordinal)).ToListAsync();

    private static List<string> Segments(string playlist) => playlist.Split('\n').Where(l => l.EndsWith(".ts", StringComparison.Ordinal)).ToList();

    private static long Number(string segment) => long.Parse(segment["seg_".Length..^".ts".Length], CultureInfo.InvariantCulture);
}
