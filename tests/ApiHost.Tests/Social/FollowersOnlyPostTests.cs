using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;

namespace SocialFlow.ApiHost.Tests.Social;

[Collection(GraphCollection.Name)]
public sealed class FollowersOnlyPostTests(GraphFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task AFollowersOnlyPost_IsVisibleToFollowers_AndToNobodyElse()
    {
        var users = await fixture.UsersAsync(3);
        var (author, follower, stranger) = (users[0], users[1], users[2]);
        await _client.FollowAsync(follower, author);
        var id = (await _client.CreatePostAsync(author.Token, "for my followers", "followers")).GetProperty("id").GetGuid();
        var post = $"/api/v1/posts/{id}";

        await _client.SendAsync(HttpMethod.Get, post, follower).OkJsonAsync();
        await _client.SendAsync(HttpMethod.Post, $"{post}/like", follower).OkJsonAsync();
        await _client.CommentAsync(follower.Token, post, "nice");
        Assert.Single(await _client.ItemsAsync($"/api/v1/users/{author.Username}/posts", follower));

        await (await _client.SendAsync(HttpMethod.Get, post, stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, post, null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Post, $"{post}/like", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, $"{post}/comments", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await _client.ItemsAsync($"/api/v1/users/{author.Username}/posts", stranger));
        Assert.Empty(await _client.ItemsAsync($"/api/v1/users/{author.Username}/posts", null));

        // Following later opens it; unfollowing closes it again.
        await _client.FollowAsync(stranger, author);
        await _client.SendAsync(HttpMethod.Get, post, stranger).OkJsonAsync();
        await _client.UnfollowAsync(follower, author);
        await (await _client.SendAsync(HttpMethod.Get, post, follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Post, $"{post}/like", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task APrivatePost_StaysTheAuthorsAlone_EvenForFollowers()
    {
        var (author, follower) = await fixture.PairAsync();
        await _client.FollowAsync(follower, author);
        var id = (await _client.CreatePostAsync(author.Token, "mine", "private")).GetProperty("id").GetGuid();
        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/posts/{id}", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        await _client.SendAsync(HttpMethod.Get, $"/api/v1/posts/{id}", author).OkJsonAsync();
    }
}
