using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;

namespace SocialFlow.ApiHost.Tests.Engagement;

/// <summary>What a viewer did is cached in the item's grain; every change must show at once.</summary>
[Collection(ApiCollection.Name)]
public sealed class ViewerStateTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task LikedAndBookmarked_FollowEveryChange_AndAreEachViewersOwn()
    {
        var (_, author) = await _client.SignUpAsync();
        var (_, viewer) = await _client.SignUpAsync();
        var id = (await _client.CreatePostAsync(author.AccessToken, "watch me")).GetProperty("id").GetGuid();
        var url = $"/api/v1/posts/{id}";

        await AssertStateAsync(url, viewer.AccessToken, liked: false, bookmarked: false);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"{url}/like", new { }, viewer.AccessToken)).StatusCode);
        await AssertStateAsync(url, viewer.AccessToken, liked: true, bookmarked: false);
        await AssertStateAsync(url, author.AccessToken, liked: false, bookmarked: false);

        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/bookmarks/{id}", new { }, viewer.AccessToken)).StatusCode);
        await AssertStateAsync(url, viewer.AccessToken, liked: true, bookmarked: true);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Delete, $"{url}/like", null, viewer.AccessToken)).StatusCode);
        await AssertStateAsync(url, viewer.AccessToken, liked: false, bookmarked: true);
    }

    private async Task AssertStateAsync(string url, string bearer, bool liked, bool bookmarked)
    {
        var post = await (await _client.GetAsync(url, bearer)).ReadJsonAsync();
        Assert.Equal(liked, post.GetProperty("liked").GetBoolean());
        Assert.Equal(bookmarked, post.GetProperty("bookmarked").GetBoolean());
    }
}
