using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;

namespace SocialFlow.ApiHost.Tests.Feeds;

[Collection(FeedsCollection.Name)]
public sealed class HomeFeedTests(FeedsFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Post_ReachesFollowersAndAuthor_NotOthers_WithWhatRendersIt()
    {
        var (author, a) = await _client.SignUpAsync();
        var (follower, f) = await _client.SignUpAsync();
        var (_, stranger) = await _client.SignUpAsync();
        await fixture.Graph.FollowAsync(follower.Id, author.Id);

        var id = await PostAsync(a.AccessToken, "hello followers");

        Assert.Contains(id, await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Contains(id)));
        Assert.Contains(id, await _client.HomeIdsWhenAsync(a.AccessToken, ids => ids.Contains(id)));
        var item = Assert.Single((await _client.HomeAsync(f.AccessToken)).GetProperty("items").EnumerateArray());
        Assert.Equal("post", item.GetProperty("kind").GetString());
        Assert.Equal("hello followers", item.GetProperty("text").GetString());
        Assert.Equal(author.Username, item.GetProperty("author").GetProperty("username").GetString());
        Assert.Equal(0, item.GetProperty("like_count").GetInt64());
        Assert.Empty(await _client.HomeIdsAsync(stranger.AccessToken));
    }

    [Fact]
    public async Task FollowersOnlyPost_ShownToFollowers_PrivatePostNever()
    {
        var (author, a) = await _client.SignUpAsync();
        var (follower, f) = await _client.SignUpAsync();
        await fixture.Graph.FollowAsync(follower.Id, author.Id);

        var hidden = await PostAsync(a.AccessToken, "only me", "private");
        var shared = await PostAsync(a.AccessToken, "friends", "followers");

        var ids = await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Contains(shared));
        Assert.Equal([shared], ids);
        Assert.DoesNotContain(hidden, await _client.HomeIdsWhenAsync(a.AccessToken, ids => ids.Contains(shared)));
    }

    [Fact]
    public async Task DeletedOrPrivatePost_LeavesFeeds_AndPublicAgainReturns()
    {
        var (author, a) = await _client.SignUpAsync();
        var (follower, f) = await _client.SignUpAsync();
        await fixture.Graph.FollowAsync(follower.Id, author.Id);
        var deleted = await PostAsync(a.AccessToken, "soon gone");
        var flipped = await PostAsync(a.AccessToken, "soon private");
        await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Count == 2);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", null, a.AccessToken)).StatusCode);
        await PatchAsync(a.AccessToken, flipped, "private");

        Assert.Empty(await _client.HomeIdsAsync(f.AccessToken));
        // The removal reaches the stored windows too, not just the read-time filter.
        await StoredAsync(follower.Id, 0);
        await PatchAsync(a.AccessToken, flipped, "public");
        Assert.Equal([flipped], await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Count == 1));
    }

    [Fact]
    public async Task Paging_NewestFirst_EveryItemOnce_ThenNoCursor()
    {
        var (author, a) = await _client.SignUpAsync();
        var (follower, f) = await _client.SignUpAsync();
        await fixture.Graph.FollowAsync(follower.Id, author.Id);
        var posted = new List<Guid>();
        for (var i = 0; i < 5; i++) posted.Add(await PostAsync(a.AccessToken, $"post {i}"));
        await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Count == 5);

        var seen = new List<Guid>();
        string? cursor = null;
        for (var page = 0; page < 3; page++)
        {
            var body = await _client.HomeAsync(f.AccessToken, $"?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = body.GetProperty("next_cursor").GetString();
            Assert.Equal(page < 2, cursor is not null);
        }
        Assert.Equal(Enumerable.Reverse(posted), seen);
        await (await _client.GetAsync("/api/v1/feed/home?cursor=nonsense", f.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await _client.GetAsync("/api/v1/feed/home?limit=0", f.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/v1/feed/home")).StatusCode);
    }

    [Fact]
    public async Task Follow_BackfillsRecentItems_UnfollowRemovesThem()
    {
        var (author, a) = await _client.SignUpAsync();
        var (follower, f) = await _client.SignUpAsync();
        var earlier = await PostAsync(a.AccessToken, "before the follow");
        Assert.Empty(await _client.HomeIdsAsync(f.AccessToken));

        await fixture.Graph.FollowAsync(follower.Id, author.Id);
        Assert.Equal([earlier], await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Count == 1));

        await fixture.Graph.UnfollowAsync(follower.Id, author.Id);
        Assert.Empty(await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Count == 0));
        await StoredAsync(follower.Id, 0);
    }

    [Fact]
    public async Task Block_RemovesItemsBothWays()
    {
        var (x, xt) = await _client.SignUpAsync();
        var (y, yt) = await _client.SignUpAsync();
        await fixture.Graph.FollowAsync(x.Id, y.Id);
        await fixture.Graph.FollowAsync(y.Id, x.Id);
        var byX = await PostAsync(xt.AccessToken, "from x");
        var byY = await PostAsync(yt.AccessToken, "from y");
        await _client.HomeIdsWhenAsync(xt.AccessToken, ids => ids.Contains(byY));
        await _client.HomeIdsWhenAsync(yt.AccessToken, ids => ids.Contains(byX));

        await fixture.Graph.BlockAsync(x.Id, y.Id);

        Assert.Equal([byX], await _client.HomeIdsWhenAsync(xt.AccessToken, ids => !ids.Contains(byY)));
        Assert.Equal([byY], await _client.HomeIdsWhenAsync(yt.AccessToken, ids => !ids.Contains(byX)));
    }

    [Fact]
    public async Task Mute_HidesTheMutedAccount_WhoStillFollowsAndSeesTheMuter()
    {
        var (x, xt) = await _client.SignUpAsync();
        var (y, yt) = await _client.SignUpAsync();
        await fixture.Graph.FollowAsync(x.Id, y.Id);
        await fixture.Graph.FollowAsync(y.Id, x.Id);
        var byX = await PostAsync(xt.AccessToken, "from x");
        var byY = await PostAsync(yt.AccessToken, "from y");
        await _client.HomeIdsWhenAsync(xt.AccessToken, ids => ids.Contains(byY));

        await fixture.Graph.MuteAsync(x.Id, y.Id);

        Assert.Equal([byX], await _client.HomeIdsWhenAsync(xt.AccessToken, ids => !ids.Contains(byY)));
        Assert.Contains(byX, await _client.HomeIdsWhenAsync(yt.AccessToken, ids => ids.Contains(byX)));
    }

    [Fact]
    public async Task LargeAccount_IsNotPushed_ButMergedAtRead()
    {
        var (star, s) = await _client.SignUpAsync();
        var (fan, f) = await _client.SignUpAsync();
        await fixture.Graph.FollowAsync(fan.Id, star.Id);
        for (var i = 0; i < FeedsFixture.PushThreshold; i++) await fixture.Graph.FollowAsync((await _client.SignUpAsync()).User.Id, star.Id);

        var id = await PostAsync(s.AccessToken, "to my many fans");

        // Once its event is handled, it is stored in the author's own feed only.
        var handled = await Eventually.ValueAsync(() => fixture.Database.ScalarAsync<bool>(
            "SELECT delivered_at IS NOT NULL FROM outbox_events WHERE stream_key = $1 AND kind = 'created'", id), done => done, FeedApi.Within);
        Assert.True(handled);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE item_id = $1 AND user_id <> $2", id, star.Id));
        await StoredAsync(star.Id, 1);
        Assert.Equal([id], await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Count == 1));
    }

    [Fact]
    public async Task ReturningUser_WithNoStoredWindow_GetsAFullFeedRebuiltFromTheGraph()
    {
        var (author, a) = await _client.SignUpAsync();
        var (reader, r) = await _client.SignUpAsync();
        var first = await PostAsync(a.AccessToken, "one");
        var second = await PostAsync(a.AccessToken, "two");
        // An edge with no event (as if it predated feeds): only a rebuild can find these posts.
        await fixture.Graph.InsertEdgeWithoutEventAsync(reader.Id, author.Id);

        Assert.Equal([second, first], await _client.HomeIdsAsync(r.AccessToken));
    }

    private async Task<Guid> PostAsync(string bearer, string text, string visibility = "public") =>
        (await _client.CreatePostAsync(bearer, text, visibility)).GetProperty("id").GetGuid();

    private async Task PatchAsync(string bearer, Guid id, string visibility) =>
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/posts/{id}", new { visibility }, bearer)).StatusCode);

    private async Task StoredAsync(Guid userId, long expected)
    {
        var stored = await Eventually.ValueAsync(
            () => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE user_id = $1", userId), n => n == expected, FeedApi.Within);
        Assert.Equal(expected, stored);
    }
}
