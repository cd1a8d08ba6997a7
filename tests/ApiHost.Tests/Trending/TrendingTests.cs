using System.Net;
using SocialFlow.ApiHost.Tests.Moderation;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.ApiHost.Tests.Videos;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Interfaces.Videos;
using static SocialFlow.ApiHost.Tests.Trending.TrendingApi;

namespace SocialFlow.ApiHost.Tests.Trending;

/// <summary>GET /trending/videos|posts: distinct accounts, weights, windows, and what may never trend.</summary>
[Collection(TrendingCollection.Name)]
public sealed class TrendingTests(TrendingFixture api)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task OneAccount_LikingAndUnlikingAgain_DoesNotOutrankAPostLikedByThree()
    {
        var (_, author) = await _client.SignUpAsync();
        var spammed = await PostAsync(author.AccessToken);
        var liked = await PostAsync(author.AccessToken);
        var (_, spammer) = await _client.SignUpAsync();
        for (var i = 0; i < 10; i++)
        {
            await Ok(_client.PostJsonAsync($"/api/v1/posts/{spammed}/like", new { }, spammer.AccessToken));
            await Ok(_client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/posts/{spammed}/like", null, spammer.AccessToken));
        }
        for (var i = 0; i < 3; i++) await LikeAsync(liked, (await _client.SignUpAsync()).Tokens.AccessToken);

        var items = await Eventually.ValueAsync(() => _client.TrendsAsync("posts"),
            l => l.Any(i => i.GetProperty("id").GetGuid() == spammed) && l.Any(i => i.GetProperty("id").GetGuid() == liked && i.GetProperty("score").GetDouble() > 8.9),
            Within); // the three likes may arrive in more than one flush
        Assert.Equal(3, items.ScoreOf(spammed), 1); // one like: 3 points, however often it was taken back and given again
        Assert.Equal(9, items.ScoreOf(liked), 1);
        var ids = items.Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(liked) < ids.IndexOf(spammed));
    }

    [Fact]
    public async Task Videos_ViewsLikesAndComments_CountInEveryWindow_WithTheItemShape()
    {
        var (owner, o) = await _client.SignUpAsync();
        var video = await api.RecordedAsync(owner.Id, new NewVideo("trending clip", "a clip", [], VideoVisibility.Public, 1000), 12);
        var (_, fan) = await _client.SignUpAsync();
        await LikeAsync(video, fan.AccessToken, "videos");
        await _client.CommentAsync(fan.AccessToken, $"/api/v1/videos/{video}", "nice one");
        for (var i = 0; i < 3; i++) // the same anonymous viewer three times, then a second one
        {
            await Ok(_client.PostJsonAsync($"/api/v1/videos/{video}/view", new { viewer_id = "viewer-trending-0001" }));
        }
        await Ok(_client.PostJsonAsync($"/api/v1/videos/{video}/view", new { viewer_id = "viewer-trending-0002" }));

        foreach (var window in new[] { "1h", "24h", "7d" })
        {
            var items = await Eventually.ValueAsync(() => _client.TrendsAsync("videos", null, window),
                l => l.Any(i => i.GetProperty("id").GetGuid() == video && i.GetProperty("score").GetDouble() >= 9.9), Within);
            var item = items.Single(i => i.GetProperty("id").GetGuid() == video);
            Assert.Equal(10, item.GetProperty("score").GetDouble(), 1); // 2 viewers + a like (3) + a comment (5)
            Assert.Equal("video", item.GetProperty("type").GetString());
            Assert.Equal("trending clip", item.GetProperty("title").GetString());
            Assert.Equal(owner.Username, item.GetProperty("author").GetProperty("username").GetString());
            Assert.Equal(1, item.GetProperty("like_count").GetInt64());
            Assert.Equal(12, item.GetProperty("duration_seconds").GetDouble());
        }
        Assert.Contains(video, await _client.TrendingIdsAsync("videos", o.AccessToken, "24h"));
    }

    [Fact]
    public async Task RemovedAndFollowersOnlyPosts_AndLimitedOrSuspendedAuthors_NeverTrend()
    {
        var (author, a) = await _client.SignUpAsync();
        var (limited, l) = await _client.SignUpAsync();
        var (suspended, z) = await _client.SignUpAsync();
        var kept = await PostAsync(a.AccessToken);
        var removed = await PostAsync(a.AccessToken);
        var byLimited = await PostAsync(l.AccessToken);
        var bySuspended = await PostAsync(z.AccessToken);
        var forFollowers = (await _client.CreatePostAsync(a.AccessToken, "for followers only", "followers")).GetProperty("id").GetGuid();
        var (fanUser, fan) = await _client.SignUpAsync();
        await api.Grains.Ref<ISocialGraphGrain>(author.Id).FollowAsync(fanUser.Id);
        foreach (var id in new[] { kept, removed, byLimited, bySuspended, forFollowers }) await LikeAsync(id, fan.AccessToken);
        await Eventually.ValueAsync(() => _client.TrendingIdsAsync("posts"),
            ids => ids.Contains(kept) && ids.Contains(removed) && ids.Contains(byLimited) && ids.Contains(bySuspended), Within);
        var scored = await Eventually.ValueAsync(() => api.Grains.Ref<ITrendingWindowGrain>("7d").TopAsync(TrendingKind.Post, 2_000),
            top => top.Any(c => c.Id == forFollowers), Within);
        Assert.Contains(scored, c => c.Id == forFollowers);

        var moderator = ContentModerationApi.Moderator(Guid.NewGuid());
        await api.Grains.Ref<IPostGrain>(removed).ModerateAsync(ContentAction.Remove, moderator, "spam");
        await api.Grains.Ref<IUserGrain>(limited.Id).SanctionAsync(AccountAction.Limit, DateTimeOffset.UtcNow.AddDays(1), moderator, "spam");
        await api.Grains.Ref<IUserGrain>(suspended.Id).SanctionAsync(AccountAction.Suspend, DateTimeOffset.UtcNow.AddDays(1), moderator, "spam");

        foreach (var window in new[] { "1h", "24h", "7d" })
        {
            var ids = await _client.TrendingIdsAsync("posts", fan.AccessToken, window);
            Assert.Contains(kept, ids);
            Assert.DoesNotContain(removed, ids);
            Assert.DoesNotContain(byLimited, ids);
            Assert.DoesNotContain(bySuspended, ids);
            Assert.DoesNotContain(forFollowers, ids); // liked, scored, but not public: even its followers do not see it trend
        }
    }

    [Fact]
    public async Task BlockedAndMutedAccounts_AreLeftOut_ForThatViewerOnly()
    {
        var (author, a) = await _client.SignUpAsync();
        var post = await PostAsync(a.AccessToken);
        var (_, fan) = await _client.SignUpAsync();
        await LikeAsync(post, fan.AccessToken);
        await Eventually.ValueAsync(() => _client.TrendingIdsAsync("posts"), ids => ids.Contains(post), Within);

        var (blocker, b) = await _client.SignUpAsync();
        var (muter, m) = await _client.SignUpAsync();
        var (blocked, x) = await _client.SignUpAsync();
        await api.Grains.Ref<ISocialGraphGrain>(blocker.Id).BlockAsync(author.Id);
        await api.Grains.Ref<ISocialGraphGrain>(muter.Id).MuteAsync(author.Id);
        await api.Grains.Ref<ISocialGraphGrain>(author.Id).BlockAsync(blocked.Id); // blocked by the author: either way counts

        Assert.DoesNotContain(post, await _client.TrendingIdsAsync("posts", b.AccessToken));
        Assert.DoesNotContain(post, await _client.TrendingIdsAsync("posts", m.AccessToken));
        Assert.DoesNotContain(post, await _client.TrendingIdsAsync("posts", x.AccessToken));
        Assert.Contains(post, await _client.TrendingIdsAsync("posts", fan.AccessToken));
        Assert.Contains(post, await _client.TrendingIdsAsync("posts"));
    }

    [Fact]
    public async Task Snapshot_KeepsTheWindowsScores_InPostgres()
    {
        var (_, a) = await _client.SignUpAsync();
        var post = await PostAsync(a.AccessToken);
        await LikeAsync(post, (await _client.SignUpAsync()).Tokens.AccessToken);
        await Eventually.ValueAsync(() => _client.TrendingIdsAsync("posts", null, "7d"), ids => ids.Contains(post), Within);

        await api.Grains.Ref<ITrendingWindowGrain>("7d").SnapshotAsync();

        var score = await api.Database.ScalarAsync<double>(
            "SELECT score FROM trending_scores WHERE time_window = '7d' AND kind = 'post' AND item_id = $1", post);
        Assert.Equal(3, score, 1);
    }

    [Theory]
    [InlineData("/api/v1/trending/videos?window=2h", "window")]
    [InlineData("/api/v1/trending/hashtags?window=", "window")]
    [InlineData("/api/v1/search/trending?window=1d", "window")]
    [InlineData("/api/v1/ml/trending?type=users", "type")]
    [InlineData("/api/v1/trending/posts?locale=not a locale", "locale")]
    public async Task UnknownWindowTypeOrLocale_Is400Problem(string url, string field)
    {
        var body = await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task BadLimit_Is400_AndTheSeedsRoutes_AnswerTheSameLists()
    {
        await (await _client.GetAsync("/api/v1/trending/posts?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
        var (_, a) = await _client.SignUpAsync();
        var post = await PostAsync(a.AccessToken);
        await LikeAsync(post, (await _client.SignUpAsync()).Tokens.AccessToken);
        await Eventually.ValueAsync(() => _client.TrendingIdsAsync("posts", null, "24h"), ids => ids.Contains(post), Within);
        Assert.Contains(post, await _client.ItemIdsAsync("/api/v1/search/trending?type=post&limit=100", null));
        Assert.Contains(post, await _client.ItemIdsAsync("/api/v1/ml/trending?type=post&window=24h&locale=pt-BR&limit=100", null));
    }

    private async Task<Guid> PostAsync(string token) =>
        (await _client.CreatePostAsync(token, "trending " + Guid.NewGuid().ToString("N")[..8])).GetProperty("id").GetGuid();

    private async Task LikeAsync(Guid id, string token, string kind = "posts") =>
        await Ok(_client.PostJsonAsync($"/api/v1/{kind}/{id}/like", new { }, token));
}
