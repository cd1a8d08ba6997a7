using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Posts;

namespace SocialFlow.ApiHost.Tests.Posts;

[Collection(PostsCollection.Name)]
public sealed class PostImageTests(PostsFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Upload_RealPngAndJpeg_AreAcceptedWithTheirSize()
    {
        var (_, a) = await _client.SignUpAsync();
        var png = await UploadAsync(a.AccessToken, await TestImages.PngAsync(64, 48), "image/png");
        Assert.Equal(HttpStatusCode.Created, png.StatusCode);
        var body = await png.ReadJsonAsync();
        Assert.Equal((64, 48, "image/png"), (body.GetProperty("width").GetInt32(), body.GetProperty("height").GetInt32(), body.GetProperty("content_type").GetString()));
        Assert.Equal($"/api/v1/posts/media/{body.GetProperty("id").GetGuid()}", body.GetProperty("url").GetString());

        var jpeg = await UploadRawAsync(a.AccessToken, await TestImages.JpegAsync(80, 60), "application/octet-stream");
        Assert.Equal(HttpStatusCode.Created, jpeg.StatusCode);
        Assert.Equal("image/jpeg", (await jpeg.ReadJsonAsync()).GetProperty("content_type").GetString());
    }

    [Fact]
    public async Task Upload_LargerThanTheDefaultBodyLimit_IsAcceptedAndReencoded()
    {
        var (_, a) = await _client.SignUpAsync();
        // 3 MiB: over the API's 1 MiB default, so this passes only because the endpoint declares its own limit.
        var padded = (await TestImages.PngAsync(64, 48)).Concat(Enumerable.Repeat((byte)0x5A, 3 * 1024 * 1024)).ToArray();
        var response = await UploadRawAsync(a.AccessToken, padded, "image/png");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await _client.GetAsync((await response.ReadJsonAsync()).GetProperty("url").GetString()!, a.AccessToken);
        Assert.True((await stored.Content.ReadAsByteArrayAsync()).Length < 100_000, "the stored image is a fresh encode, without the trailing bytes");
    }

    [Fact]
    public async Task Upload_ContentThatIsNotAnImage_Is415WhateverItsNameAndType()
    {
        var (_, a) = await _client.SignUpAsync();
        await (await UploadAsync(a.AccessToken, "this is plain text, not a picture"u8.ToArray(), "image/png"))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_image");
        var fakePng = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.Concat(new byte[2000]).ToArray();
        await (await UploadRawAsync(a.AccessToken, fakePng, "image/png")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_image");
        await (await UploadRawAsync(a.AccessToken, await TestImages.PngAsync(8, 8), "text/plain")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Upload_JpegWithExifGps_IsStoredWithoutAnyMetadata()
    {
        var (_, a) = await _client.SignUpAsync();
        var original = await TestImages.JpegWithGpsAsync();
        var before = await TestImages.TagsAsync(original);
        Assert.Contains("GPSLatitude", before.Keys);   // the test image really carries GPS
        Assert.Equal("SpyCam", before["Make"]);

        var upload = await UploadAsync(a.AccessToken, original, "image/jpeg");
        var id = (await upload.ReadJsonAsync()).GetProperty("id").GetGuid();
        var stored = await (await _client.GetAsync($"/api/v1/posts/media/{id}", a.AccessToken)).Content.ReadAsByteArrayAsync();

        Assert.Equal([0xFF, 0xD8, 0xFF], stored[..3]);
        var after = await TestImages.TagsAsync(stored);
        Assert.DoesNotContain(after.Keys, k => k.StartsWith("GPS", StringComparison.Ordinal) || k == "Make");
        Assert.Equal(-1, stored.AsSpan().IndexOf("Exif"u8));
        Assert.Equal(-1, stored.AsSpan().IndexOf("SpyCam"u8));
    }

    [Fact]
    public async Task Upload_TooManyBytesOrPixels_Is413()
    {
        var (_, a) = await _client.SignUpAsync();
        var tenMiB = 10 * 1024 * 1024;
        // Over the image limit but within the endpoint's body limit: refused while reading.
        await (await UploadRawAsync(a.AccessToken, new byte[tenMiB + 1], "image/jpeg")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        // Over the endpoint's declared body limit: refused before anything is read.
        await (await UploadRawAsync(a.AccessToken, new byte[tenMiB + 512 * 1024], "image/jpeg")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        var huge = await TestImages.FlatPngAsync(1200, 1000);   // 1.2 MP against the fixture's 1 MP limit, a few KB on the wire
        await (await UploadAsync(a.AccessToken, huge, "image/png")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "image_dimensions_too_large");
    }

    [Fact]
    public async Task Images_FollowTheirPostsVisibility_AndOnlyTheUploaderAttaches()
    {
        var (_, a) = await _client.SignUpAsync();
        var (_, b) = await _client.SignUpAsync();
        var first = await UploadIdAsync(a.AccessToken);
        var second = await UploadIdAsync(a.AccessToken);
        var url = $"/api/v1/posts/media/{first}";

        // Unattached: the uploader's alone, and no one else can attach it.
        await (await _client.GetAsync(url, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAnonymousAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
        var own = await _client.GetAsync(url, a.AccessToken);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("private", own.Headers.CacheControl!.ToString());
        await (await _client.PostJsonAsync("/api/v1/posts", new { text = "stolen", media_ids = new[] { first } }, b.AccessToken))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "media_unavailable");

        // Attached to a private post: still the author's alone; attaching it again is refused.
        var privatePost = await _client.CreatePostAsync(a.AccessToken, "", "private", [first]);
        Assert.Equal(first, privatePost.GetProperty("media")[0].GetProperty("id").GetGuid());
        await (await _client.GetAsync(url, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(url, a.AccessToken)).StatusCode);
        await (await _client.PostJsonAsync("/api/v1/posts", new { text = "again", media_ids = new[] { first } }, a.AccessToken))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "media_unavailable");

        // Attached to a public post: anyone, cacheable, with validators.
        var publicPost = await _client.CreatePostAsync(a.AccessToken, "look", "public", [second]);
        var anonymous = await _client.GetAnonymousAsync($"/api/v1/posts/media/{second}");
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal("image/png", anonymous.Content.Headers.ContentType!.MediaType);
        Assert.Contains("public", anonymous.Headers.CacheControl!.ToString());
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/posts/media/{second}");
        conditional.Headers.IfNoneMatch.Add(anonymous.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(conditional)).StatusCode);

        // Deleting the post removes its image.
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/posts/{publicPost.GetProperty("id").GetGuid()}", null, a.AccessToken)).StatusCode);
        await (await _client.GetAsync($"/api/v1/posts/media/{second}", a.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnattachedImages_OlderThanTheirLifetime_AreSwept_AttachedOnesStay()
    {
        var (_, a) = await _client.SignUpAsync();
        var (abandoned, recent, attached) = (await UploadIdAsync(a.AccessToken), await UploadIdAsync(a.AccessToken), await UploadIdAsync(a.AccessToken));
        await _client.PostJsonAsync("/api/v1/posts", new { text = "kept", media_ids = new[] { attached } }, a.AccessToken);
        await fixture.Database.ScalarAsync<object>("UPDATE post_media SET created_at = now() - interval '2 days' WHERE id = ANY($1)", new[] { abandoned, attached });
        var file = Path.Combine(fixture.DataDirectory, "media", "post-images", (await fixture.Database.ScalarAsync<string>("SELECT storage_key FROM post_media WHERE id = $1", abandoned))!);
        Assert.True(File.Exists(file));

        var sweeper = fixture.Factory.Services.GetServices<IHostedService>().OfType<UnattachedImageSweeper>().Single();
        while (await sweeper.CleanChunkAsync(CancellationToken.None) > 0) { }

        Assert.False(File.Exists(file));
        await (await _client.GetAsync($"/api/v1/posts/media/{abandoned}", a.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/posts/media/{recent}", a.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/posts/media/{attached}", a.AccessToken)).StatusCode);
        await (await _client.PostJsonAsync("/api/v1/posts", new { text = "too late", media_ids = new[] { abandoned } }, a.AccessToken))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "media_unavailable");
    }

    [Fact]
    public async Task Post_AtMostFourImages()
    {
        var (_, a) = await _client.SignUpAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await UploadIdAsync(a.AccessToken));
        await (await _client.PostJsonAsync("/api/v1/posts", new { text = "five", media_ids = ids }, a.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var post = await _client.CreatePostAsync(a.AccessToken, "four", "public", [.. ids.Take(4)]);
        Assert.Equal(ids.Take(4), post.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
    }

    private async Task<Guid> UploadIdAsync(string bearer)
    {
        var response = await UploadAsync(bearer, await TestImages.PngAsync(32, 24), "image/png");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<HttpResponseMessage> UploadAsync(string bearer, byte[] bytes, string contentType)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", "picture.png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/posts/media") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await _client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> UploadRawAsync(string bearer, byte[] bytes, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/posts/media") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await _client.SendAsync(request);
    }
}
