using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;

namespace SocialFlow.ApiHost.Tests.Social;

[Collection(GraphCollection.Name)]
public sealed class BlockTests(GraphFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Block_RemovesFollowsBothWays_AdjustsCounts_AndIsIdempotent()
    {
        var users = await fixture.UsersAsync(3);
        var (a, b, c) = (users[0], users[1], users[2]);
        await _client.FollowAsync(a, b);
        await _client.FollowAsync(b, a);
        await _client.FollowAsync(c, a);

        var first = await _client.BlockAsync(a, b);
        var second = await _client.BlockAsync(a, b);

        Assert.Equal((true, true), (first.GetProperty("blocked").GetBoolean(), first.GetProperty("changed").GetBoolean()));
        Assert.False(second.GetProperty("changed").GetBoolean());
        Assert.Equal((1, 0), await _client.CountsAsync(a)); // c still follows a
        Assert.Equal((0, 0), await _client.CountsAsync(b));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM follows WHERE (follower_id = $1 AND followee_id = $2) OR (follower_id = $2 AND followee_id = $1)
            """, a.Id, b.Id));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM outbox_events WHERE stream_namespace = 'graph' AND kind = 'blocked' AND stream_key = $1 AND actor_id = $2
            """, b.Id, a.Id));
        Assert.Equal([b.Username], await _client.UsernamesAsync("/api/v1/users/me/blocks", a));
        Assert.Empty(await _client.UsernamesAsync("/api/v1/users/me/blocks", b));
    }

    [Fact]
    public async Task Block_RemovesPendingRequestsBothWays()
    {
        var (owner, fan) = await fixture.PairAsync();
        await _client.SetPrivateAsync(owner, true);
        await _client.FollowAsync(fan, owner);

        await _client.BlockAsync(fan, owner);

        Assert.Empty(await _client.UsernamesAsync("/api/v1/follow-requests", owner));
    }

    [Fact]
    public async Task ABlockedPair_CannotFollowEitherWay_UntilUnblocked()
    {
        var (a, b) = await fixture.PairAsync();
        await _client.BlockAsync(a, b);

        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/users/{b.Username}/follow", a)).AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/users/{a.Username}/follow", b)).AssertProblemAsync(HttpStatusCode.Forbidden, "blocked");
        Assert.Equal((0, 0), await _client.CountsAsync(a));

        var unblocked = await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/{b.Username}/block", a).OkJsonAsync();
        Assert.Equal((false, true), (unblocked.GetProperty("blocked").GetBoolean(), unblocked.GetProperty("changed").GetBoolean()));
        Assert.False((await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/{b.Username}/block", a).OkJsonAsync()).GetProperty("changed").GetBoolean());
        Assert.Equal("following", (await _client.FollowAsync(b, a)).GetProperty("status").GetString());
        Assert.Empty(await _client.UsernamesAsync("/api/v1/users/me/blocks", a));
    }

    [Fact]
    public async Task Block_OfYourselfIs422_OfNobodyIs404()
    {
        var (a, _) = await fixture.PairAsync();
        foreach (var verb in new[] { HttpMethod.Post, HttpMethod.Delete })
            foreach (var what in new[] { "block", "mute" })
            {
                await (await _client.SendAsync(verb, $"/api/v1/users/{a.Username}/{what}", a)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "self");
                await (await _client.SendAsync(verb, $"/api/v1/users/nobody_here_at_all/{what}", a)).AssertProblemAsync(HttpStatusCode.NotFound);
                Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(verb, $"/api/v1/users/{a.Username}/{what}", null)).StatusCode);
            }
    }

    /// <summary>Whichever side blocked, each of the two gets 404 on the other's posts, their likes, comments and lists.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABlockedPair_CannotSeeLikeOrCommentEachOthersPosts(bool authorBlocks)
    {
        var users = await fixture.UsersAsync(3);
        var (author, other, third) = (users[0], users[1], users[2]);
        var post = $"/api/v1/posts/{(await _client.CreatePostAsync(author.Token, "hello")).GetProperty("id").GetGuid()}";
        var comment = (await _client.CommentAsync(third.Token, post, "first")).GetProperty("id").GetGuid();
        var ownPost = $"/api/v1/posts/{(await _client.CreatePostAsync(other.Token, "mine")).GetProperty("id").GetGuid()}";
        await _client.SendAsync(HttpMethod.Get, post, other).OkJsonAsync();

        if (authorBlocks) await _client.BlockAsync(author, other);
        else await _client.BlockAsync(other, author);

        await (await _client.SendAsync(HttpMethod.Get, post, other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, ownPost, author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, $"{post}/comments", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/comments/{comment}/replies", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Post, $"{post}/like", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Post, $"{ownPost}/like", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, $"{post}/counts", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync($"{post}/comments", new { text = "hey" }, other.Token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync($"{ownPost}/comments", new { text = "hey" }, author.Token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/users/{author.Username}/posts", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/users/{other.Username}/posts", author)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/users/{author.Username}/followers", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/users/{author.Username}/videos", other)).AssertProblemAsync(HttpStatusCode.NotFound);

        // Everyone else still sees both, and so do anonymous callers.
        await _client.SendAsync(HttpMethod.Get, post, third).OkJsonAsync();
        await _client.SendAsync(HttpMethod.Get, post, null).OkJsonAsync();
        await _client.SendAsync(HttpMethod.Post, $"{post}/like", third).OkJsonAsync();
        Assert.Single(await _client.ItemsAsync($"/api/v1/users/{author.Username}/posts", third));

        await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/{(authorBlocks ? other : author).Username}/block", authorBlocks ? author : other).OkJsonAsync();
        await _client.SendAsync(HttpMethod.Get, post, other).OkJsonAsync();
        await _client.SendAsync(HttpMethod.Post, $"{post}/like", other).OkJsonAsync();
    }

    [Fact]
    public async Task CommentsOfABlockedAccount_AreLeftOutOfThreadsOnOthersItems()
    {
        var users = await fixture.UsersAsync(3);
        var (a, b, host) = (users[0], users[1], users[2]);
        var post = $"/api/v1/posts/{(await _client.CreatePostAsync(host.Token, "thread")).GetProperty("id").GetGuid()}";
        await _client.CommentAsync(a.Token, post, "from a");
        var fromB = (await _client.CommentAsync(b.Token, post, "from b")).GetProperty("id").GetGuid();
        await _client.BlockAsync(a, b);

        var seenByA = (await _client.SendAsync(HttpMethod.Get, $"{post}/comments", a).OkJsonAsync()).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(fromB, seenByA.Select(c => c.GetProperty("id").GetGuid()));
        Assert.Equal(2, (await _client.SendAsync(HttpMethod.Get, $"{post}/comments", host).OkJsonAsync()).GetProperty("items").GetArrayLength());
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/comments/{fromB}/like", a)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AMentionAcrossABlock_IsDropped()
    {
        var users = await fixture.UsersAsync(3);
        var (blocker, blocked, third) = (users[0], users[1], users[2]);
        await _client.BlockAsync(blocker, blocked);

        var byBlocked = await _client.CreatePostAsync(blocked.Token, $"hi @{blocker.Username} and @{third.Username}");
        var byBlocker = await _client.CreatePostAsync(blocker.Token, $"hi @{blocked.Username}");
        var byThird = await _client.CreatePostAsync(third.Token, $"hi @{blocker.Username}");

        Assert.Equal([third.Username], Mentions(byBlocked));
        Assert.Empty(Mentions(byBlocker));
        Assert.Equal([blocker.Username], Mentions(byThird));
    }

    private static List<string> Mentions(JsonElement post) =>
        post.GetProperty("mentions").EnumerateArray().Select(m => m.GetProperty("username").GetString()!).ToList();
}
