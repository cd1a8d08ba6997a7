using System.Text;
using Amazon.S3;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Infrastructure.Media;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>A fresh bucket on the s3rver `make test` started (SOCIALFLOW_TEST_S3), and the store over it.</summary>
public sealed class S3Fixture : IAsyncLifetime
{
    public string Bucket { get; } = "sf-test-" + Guid.NewGuid().ToString("N")[..12];
    public IAmazonS3 Client { get; private set; } = null!;
    public S3MediaStore Store { get; private set; } = null!;

    public static string Endpoint => Environment.GetEnvironmentVariable("SOCIALFLOW_TEST_S3")
        ?? throw new InvalidOperationException("SOCIALFLOW_TEST_S3 is not set: run the tests with `make test` (scripts/s3rver.sh up test).");

    public S3MediaOptions Options => new() { ServiceUrl = Endpoint, Bucket = Bucket, AccessKey = "S3RVER", SecretKey = "S3RVER" };

    /// <summary>A host's settings for this bucket as its media store.</summary>
    public void Configure(Dictionary<string, string?> settings)
    {
        settings["SocialFlow:Media:Provider"] = "S3";
        settings["SocialFlow:Media:S3:ServiceUrl"] = Endpoint;
        settings["SocialFlow:Media:S3:Bucket"] = Bucket;
        settings["SocialFlow:Media:S3:AccessKey"] = "S3RVER";
        settings["SocialFlow:Media:S3:SecretKey"] = "S3RVER";
    }

    public async Task InitializeAsync()
    {
        Client = S3MediaStore.CreateClient(Options);
        await Client.PutBucketAsync(Bucket);
        Store = new S3MediaStore(Client, Bucket);
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class S3MediaStoreTests(S3Fixture s3) : IClassFixture<S3Fixture>
{
    [Fact]
    public async Task PutGetRangeDelete_ThroughTheInterface()
    {
        IMediaStore store = s3.Store;
        var prefix = $"videos/{Guid.NewGuid():N}/";
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('a' + i % 26))));
        await store.PutAsync(prefix + "hls/240p/seg_0000.ts", new MemoryStream(bytes), "video/mp2t");
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, bytes[..100]);
        await store.PutFileAsync(prefix + "source", file, "application/octet-stream");
        File.Delete(file);

        Assert.Equal(5000, await store.GetLengthAsync(prefix + "hls/240p/seg_0000.ts"));
        Assert.Equal(100, await store.GetLengthAsync(prefix + "source"));
        Assert.Null(await store.GetLengthAsync(prefix + "missing"));
        Assert.Null(await store.OpenReadAsync(prefix + "missing"));
        Assert.Equal(bytes, await ReadAllAsync(await store.OpenReadAsync(prefix + "hls/240p/seg_0000.ts")));
        Assert.Equal(bytes[1000..1100], await ReadAllAsync(await store.OpenReadAsync(prefix + "hls/240p/seg_0000.ts", 1000, 100)));
        Assert.Equal(bytes[4990..], await ReadAllAsync(await store.OpenReadAsync(prefix + "hls/240p/seg_0000.ts", 4990)));

        await store.PutAsync("videos/other/keep", new MemoryStream([1]), "application/octet-stream");
        await store.DeletePrefixAsync(prefix);
        Assert.Null(await store.GetLengthAsync(prefix + "hls/240p/seg_0000.ts"));
        Assert.Null(await store.GetLengthAsync(prefix + "source"));
        Assert.Equal(1, await store.GetLengthAsync("videos/other/keep"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetLengthAsync("videos/../etc/passwd"));
    }

    [Fact]
    public async Task List_GivesEveryObjectUnderThePrefix_WithItsLength_InBothStores()
    {
        var local = Path.Combine(Path.GetTempPath(), "sf-list-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var store in new IMediaStore[] { s3.Store, new LocalMediaStore(local) })
            {
                var prefix = $"uploads/{Guid.NewGuid():N}/";
                await store.PutAsync(prefix + "000-003", new MemoryStream([1, 2, 3]), "application/octet-stream");
                await store.PutAsync(prefix + "003-005", new MemoryStream([4, 5]), "application/octet-stream");
                await store.PutAsync($"uploads/{Guid.NewGuid():N}/000-001", new MemoryStream([9]), "application/octet-stream");

                var listed = await store.ListAsync(prefix).ToListAsync();
                Assert.Equal([(prefix + "000-003", 3L), (prefix + "003-005", 2L)], listed.Select(o => (o.Key, o.Length)).Order());
                Assert.All(listed, o => Assert.InRange(o.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
                Assert.Empty(await store.ListAsync($"uploads/{Guid.NewGuid():N}/").ToListAsync());
            }
        }
        finally
        {
            if (Directory.Exists(local)) Directory.Delete(local, recursive: true);
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}

/// <summary>An API host whose media store is S3 (s3rver): the whole path from tus upload to HLS playback.</summary>
public sealed class S3VideoEndToEndTests(S3Fixture s3) : IClassFixture<S3Fixture>
{
    [Fact]
    public async Task UploadTranscodeAndPlay_WithTheS3Store()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "sf-s3-" + Guid.NewGuid().ToString("N"));
        var settings = VideoFixture.Settings(dataDirectory);
        s3.Configure(settings);
        await using var factory = new ApiFactory(db.ConnectionString, settings);
        var client = factory.CreateClient();
        var (_, tokens) = await client.SignUpAsync();
        var clip = await TestClips.Mp4320x240Async();
        var (id, url) = await client.CreateAsync(tokens.AccessToken, clip.Length);
        await client.UploadAsync(tokens.AccessToken, url, clip, chunk: 20_000);

        var video = await client.WaitUntilSettledAsync(tokens.AccessToken, id);
        Assert.Equal("ready", video.GetProperty("status").GetString());
        Assert.Equal(clip.Length, await s3.Store.GetLengthAsync($"videos/{id:N}/source"));
        Assert.NotNull(await s3.Store.GetLengthAsync($"videos/{id:N}/hls/master.m3u8"));
        Assert.False(Directory.Exists(Path.Combine(dataDirectory, "media")));

        var master = await client.GetStringAsync(video.GetProperty("master_playlist_url").GetString());
        Assert.Contains("240p/index.m3u8", master);
        var segment = (await client.GetStringAsync($"/api/v1/videos/{id}/stream/240p/index.m3u8")).Split('\n').First(l => l.EndsWith(".ts"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/videos/{id}/stream/240p/{segment}");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 187);
        using var part = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.PartialContent, part.StatusCode);
        var bytes = await part.Content.ReadAsByteArrayAsync();
        Assert.Equal(188, bytes.Length);
        Assert.Equal(0x47, bytes[0]);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", null, tokens.AccessToken)).StatusCode);
        Assert.Null(await s3.Store.GetLengthAsync($"videos/{id:N}/hls/master.m3u8"));
        Assert.Null(await s3.Store.GetLengthAsync($"videos/{id:N}/source"));
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
    }
}
