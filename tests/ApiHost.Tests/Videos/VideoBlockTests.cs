using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>A block between a video's owner and a viewer hides the video from the viewer on every route, and only from them.</summary>
[Collection(VideoCollection.Name)]
public sealed class VideoBlockTests(VideoFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task ABlockedViewer_Gets404OnTheVideoItsStreamLikesAndListings()
    {
        var (owner, ownerTokens) = await _client.SignUpAsync();
        var (viewer, viewerTokens) = await _client.SignUpAsync();
        var (_, thirdTokens) = await _client.SignUpAsync();
        var (id, video) = await fixture.ReadyVideoAsync(_client, ownerTokens.AccessToken);
        var master = video.GetProperty("master_playlist_url").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/videos/{id}", viewerTokens.AccessToken)).StatusCode);

        using (var block = await _client.PostJsonAsync($"/api/v1/users/{viewer.Username}/block", new { }, ownerTokens.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, block.StatusCode);
        }

        foreach (var url in new[] { $"/api/v1/videos/{id}", master, $"/api/v1/videos/{id}/counts", $"/api/v1/videos/{id}/comments", $"/api/v1/users/{owner.Username}/videos" })
        {
            await (await _client.GetAsync(url, viewerTokens.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(url, thirdTokens.AccessToken)).StatusCode);
        }
        await (await _client.PostJsonAsync($"/api/v1/videos/{id}/like", new { }, viewerTokens.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync($"/api/v1/videos/{id}/comments", new { text = "hi" }, viewerTokens.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        var feed = await (await _client.GetAsync("/api/v1/videos/feed?limit=50", viewerTokens.AccessToken)).ReadJsonAsync();
        Assert.DoesNotContain(id, feed.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetGuid()));
        var feedForThird = await (await _client.GetAsync("/api/v1/videos/feed?limit=50", thirdTokens.AccessToken)).ReadJsonAsync();
        Assert.Contains(id, feedForThird.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetGuid()));
    }
}
