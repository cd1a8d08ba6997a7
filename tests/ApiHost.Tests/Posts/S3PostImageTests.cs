using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Videos;
using SocialFlow.Grains.Posts;

namespace SocialFlow.ApiHost.Tests.Posts;

/// <summary>The posts profile with S3 (s3rver) as its media store, in a fresh bucket.</summary>
public sealed class S3PostsFixture : ApiFixture
{
    public S3Fixture S3 { get; } = new();

    protected override Dictionary<string, string?> HostSettings()
    {
        var settings = PostsFixture.Settings(DataDirectory);
        S3.Configure(settings);
        return settings;
    }

    public override async Task InitializeAsync()
    {
        await S3.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await S3.DisposeAsync();
    }
}

public sealed class S3PostImageTests(S3PostsFixture fixture) : IClassFixture<S3PostsFixture>
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Images_WithTheS3Store_AreStoredInTheBucket_ServedFromIt_AndDeletedFromIt()
    {
        var (_, a) = await _client.SignUpAsync();
        var (kept, abandoned) = (await UploadAsync(a.AccessToken), await UploadAsync(a.AccessToken));
        var keptKey = PostImageKeys.InStore(await StorageKeyAsync(kept));
        var abandonedKey = PostImageKeys.InStore(await StorageKeyAsync(abandoned));
        Assert.StartsWith("post-images/", keptKey);
        var inBucket = await ReadObjectAsync(keptKey);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], inBucket[..4]);

        var served = await _client.GetAsync($"/api/v1/posts/media/{kept}", a.AccessToken);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(inBucket, await served.Content.ReadAsByteArrayAsync());
        Assert.False(Directory.Exists(Path.Combine(fixture.DataDirectory, "media")), "nothing of the images is on the local disk");

        var post = await _client.CreatePostAsync(a.AccessToken, "from the bucket", "public", [kept]);
        Assert.Equal(inBucket, await (await _client.GetAnonymousAsync($"/api/v1/posts/media/{kept}")).Content.ReadAsByteArrayAsync());

        await fixture.Database.ScalarAsync<object>("UPDATE post_media SET created_at = now() - interval '2 days' WHERE id = ANY($1)", new[] { kept, abandoned });
        var sweeper = fixture.Factory.Services.GetServices<IHostedService>().OfType<UnattachedImageSweeper>().Single();
        while (await sweeper.CleanChunkAsync(CancellationToken.None) > 0) { }
        Assert.Null(await fixture.S3.Store.GetLengthAsync(abandonedKey));
        Assert.NotNull(await fixture.S3.Store.GetLengthAsync(keptKey));
        await (await _client.GetAsync($"/api/v1/posts/media/{abandoned}", a.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);

        var delete = await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/posts/{post.GetProperty("id").GetGuid()}", null, a.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Null(await fixture.S3.Store.GetLengthAsync(keptKey));
    }

    private async Task<Guid> UploadAsync(string bearer)
    {
        using var content = new ByteArrayContent(await TestImages.PngAsync(40, 30));
        content.Headers.ContentType = new("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/posts/media") { Content = content };
        request.Headers.Authorization = new("Bearer", bearer);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<string> StorageKeyAsync(Guid id) =>
        (await fixture.Database.ScalarAsync<string>("SELECT storage_key FROM post_media WHERE id = $1", id))!;

    private async Task<byte[]> ReadObjectAsync(string key)
    {
        await using var stream = await fixture.S3.Store.OpenReadAsync(key);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
