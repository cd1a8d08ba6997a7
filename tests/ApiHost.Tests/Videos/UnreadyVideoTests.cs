using System.Net;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>A video that is not ready (uploading, processing, failed) is its owner's alone on every route, engagement included.</summary>
[Collection(VideoCollection.Name)]
public sealed class UnreadyVideoTests(VideoFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task UnreadyPublicOrUnlistedVideo_Is404OnEveryEngagementRoute_ForOthersAndAnonymous_UntilReady()
    {
        var (_, owner) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var clip = await TestClips.Mp4320x240Async();
        var (uploading, uploadUrl) = await _client.CreateAsync(owner.AccessToken, clip.Length, "public");
        var (unlisted, _) = await _client.CreateAsync(owner.AccessToken, 1000, "unlisted");
        var (failed, failedUrl) = await _client.CreateAsync(owner.AccessToken, 1000, "public");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.TusAsync(HttpMethod.Delete, failedUrl, owner.AccessToken)).StatusCode);
        Assert.Equal("failed", (await _client.GetVideoAsync(owner.AccessToken, failed)).GetProperty("status").GetString());

        foreach (var id in new[] { uploading, unlisted, failed })
        {
            await AssertHiddenAsync(id, other.AccessToken);
            await AssertHiddenAsync(id, bearer: null);
        }

        // The owner sees their video in any status, so they may engage with it.
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{uploading}/like", null, owner.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync($"/api/v1/videos/{uploading}/comments", new { text = "soon" }, owner.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/videos/{uploading}/counts", owner.AccessToken)).StatusCode);

        // Once ready, others see it and may engage.
        await _client.UploadAsync(owner.AccessToken, uploadUrl, clip, chunk: clip.Length);
        Assert.Equal("ready", (await _client.WaitUntilSettledAsync(owner.AccessToken, uploading)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{uploading}/like", null, other.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync($"/api/v1/videos/{uploading}/comments", new { text = "nice" }, other.AccessToken)).StatusCode);
        var counts = await (await _client.GetAsync($"/api/v1/videos/{uploading}/counts")).ReadJsonAsync();
        Assert.Equal((2L, 2L), (counts.GetProperty("like_count").GetInt64(), counts.GetProperty("comment_count").GetInt64()));
    }

    /// <summary>Every engagement route of the video answers 404 problem+json to <paramref name="bearer"/> (null: anonymous).</summary>
    private async Task AssertHiddenAsync(Guid id, string? bearer)
    {
        var calls = new List<(HttpMethod Method, string Url, object? Body)>
        {
            (HttpMethod.Get, $"/api/v1/videos/{id}/comments", null),
            (HttpMethod.Get, $"/api/v1/videos/{id}/counts", null),
            (HttpMethod.Post, $"/api/v1/videos/{id}/view", new { viewer_id = "viewer-" + Guid.NewGuid().ToString("N") }),
        };
        if (bearer is not null)
        {
            calls.AddRange([
                (HttpMethod.Post, $"/api/v1/videos/{id}/comments", new { text = "first!" }),
                (HttpMethod.Post, $"/api/v1/videos/{id}/like", null),
                (HttpMethod.Delete, $"/api/v1/videos/{id}/like", null),
                (HttpMethod.Get, $"/api/v1/videos/{id}/likes", null),
                (HttpMethod.Put, $"/api/v1/videos/{id}/reaction", new { reaction = "love" }),
                (HttpMethod.Delete, $"/api/v1/videos/{id}/reaction", null),
                (HttpMethod.Post, $"/api/v1/bookmarks/{id}", null),
                (HttpMethod.Delete, $"/api/v1/bookmarks/{id}", null),
            ]);
        }
        foreach (var (method, url, body) in calls)
        {
            using var response = await _client.SendJsonAsync(method, url, body, bearer);
            var who = bearer is null ? "anonymous" : "another user";
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url} as {who}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }
}
