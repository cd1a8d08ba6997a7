using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Social;

[Collection(GraphCollection.Name)]
public sealed class FollowTests(GraphFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Follow_Twice_FollowsOnce_AndCountsOnBothProfiles()
    {
        var (a, b) = await fixture.PairAsync();

        var first = await _client.FollowAsync(a, b);
        var second = await _client.FollowAsync(a, b);

        Assert.Equal(("following", true), (first.GetProperty("status").GetString(), first.GetProperty("changed").GetBoolean()));
        Assert.Equal(("following", false), (second.GetProperty("status").GetString(), second.GetProperty("changed").GetBoolean()));
        Assert.Equal((1, 0), await _client.CountsAsync(b));
        Assert.Equal((0, 1), await _client.CountsAsync(a));
        var me = await _client.SendAsync(HttpMethod.Get, "/api/v1/users/me", a).OkJsonAsync();
        Assert.Equal(1, me.GetProperty("following_count").GetInt64());
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM follows WHERE follower_id = $1 AND followee_id = $2", a.Id, b.Id));
    }

    [Fact]
    public async Task Unfollow_Twice_UnfollowsOnce_AndCountsDropToZero()
    {
        var (a, b) = await fixture.PairAsync();
        await _client.FollowAsync(a, b);

        var first = await _client.UnfollowAsync(a, b);
        var second = await _client.UnfollowAsync(a, b);

        Assert.Equal(("none", true), (first.GetProperty("status").GetString(), first.GetProperty("changed").GetBoolean()));
        Assert.False(second.GetProperty("changed").GetBoolean());
        Assert.Equal((0, 0), await _client.CountsAsync(b));
        Assert.Equal((0, 0), await _client.CountsAsync(a));
        Assert.Equal((0L, 0L), (await fixture.Database.ScalarAsync<long>("SELECT followers FROM user_graph_counts WHERE user_id = $1", b.Id),
            await fixture.Database.ScalarAsync<long>("SELECT following FROM user_graph_counts WHERE user_id = $1", a.Id)));
    }

    [Fact]
    public async Task Follow_Yourself_Is422_UnknownUser404_Anonymous401()
    {
        var (a, _) = await fixture.PairAsync();
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/users/{a.Username}/follow", a)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "self");
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/v1/users/{a.Username}/follow", a)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "self");
        await (await _client.SendAsync(HttpMethod.Post, "/api/v1/users/nobody_here_at_all/follow", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Delete, "/api/v1/users/nobody_here_at_all/follow", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, "/api/v1/users/nobody_here_at_all/followers", a)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(HttpMethod.Post, $"/api/v1/users/{a.Username}/follow", null)).StatusCode);
    }

    [Fact]
    public async Task FollowersAndFollowing_PageNewestFirst_WithCursor()
    {
        var users = await fixture.UsersAsync(6);
        var target = users[0];
        foreach (var follower in users.Skip(1)) await _client.FollowAsync(follower, target);
        foreach (var followee in users.Skip(2)) await _client.FollowAsync(users[1], followee);

        var expected = users.Skip(1).Reverse().Select(u => u.Username).ToList();
        var page1 = await _client.SendAsync(HttpMethod.Get, $"/api/v1/users/{target.Username}/followers?limit=2", null).OkJsonAsync();
        var names = page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("username").GetString()!).ToList();
        var first = page1.GetProperty("items")[0];
        Assert.Equal(users[5].Id, first.GetProperty("id").GetGuid());
        Assert.True(first.TryGetProperty("followed_at", out _));
        var cursor = page1.GetProperty("next_cursor").GetString();
        while (cursor is not null)
        {
            var page = await _client.SendAsync(HttpMethod.Get, $"/api/v1/users/{target.Username}/followers?limit=2&cursor={cursor}", null).OkJsonAsync();
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("username").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        Assert.Equal(expected, names);

        var following = await _client.UsernamesAsync($"/api/v1/users/{users[1].Username}/following?limit=100", users[1]);
        Assert.Equal(users.Skip(2).Reverse().Select(u => u.Username).Append(target.Username).ToList(), following);
    }

    [Fact]
    public async Task Lists_RefuseBadLimitAndCursor()
    {
        var (a, _) = await fixture.PairAsync();
        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/users/{a.Username}/followers?limit=0", a)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/users/{a.Username}/following?cursor=%%%", a)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await _client.SendAsync(HttpMethod.Get, "/api/v1/follow-requests?cursor=bogus!", a)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await _client.SendAsync(HttpMethod.Get, "/api/v1/users/me/blocks?limit=-1", a)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
        await (await _client.SendAsync(HttpMethod.Get, "/api/v1/users/me/mutes?cursor=bogus!", a)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task Lists_MaxLimit_FillsAPageAndMoreIsRefused()
    {
        var users = await fixture.UsersAsync(103);
        var target = users[0];
        await Task.WhenAll(users.Skip(1).Select(u => _client.FollowAsync(u, target)));
        var page = await _client.SendAsync(HttpMethod.Get, $"/api/v1/users/{target.Username}/followers?limit=100", null).OkJsonAsync();
        Assert.Equal(100, page.GetProperty("items").GetArrayLength());
        Assert.NotNull(page.GetProperty("next_cursor").GetString());
        await (await _client.SendAsync(HttpMethod.Get, $"/api/v1/users/{target.Username}/followers?limit=1000", null))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
    }

    /// <summary>Many users follow one account at once, then half of them unfollow at once: the counts stay exact.</summary>
    [Fact]
    public async Task ConcurrentFollowsOfOneUser_KeepExactCounts()
    {
        var users = await fixture.UsersAsync(61);
        var target = users[0];
        var followers = users.Skip(1).ToList();

        // Each follower sends its follow twice, concurrently with everyone else's.
        await Task.WhenAll(followers.Concat(followers).Select(u => _client.FollowAsync(u, target)));
        Assert.Equal((60, 0), await _client.CountsAsync(target));
        Assert.Equal(60L, await fixture.Database.ScalarAsync<long>("SELECT followers FROM user_graph_counts WHERE user_id = $1", target.Id));
        Assert.All(await Task.WhenAll(followers.Take(5).Select(_client.CountsAsync)), c => Assert.Equal((0, 1), c));

        await Task.WhenAll(followers.Take(30).Select(u => _client.UnfollowAsync(u, target)));
        Assert.Equal((30, 0), await _client.CountsAsync(target));
        Assert.Equal(30L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM follows WHERE followee_id = $1", target.Id));
        Assert.Equal(30L, await fixture.Database.ScalarAsync<long>("SELECT followers FROM user_graph_counts WHERE user_id = $1", target.Id));
    }

    /// <summary>One user follows many accounts at once: its following count is changed by many grains and stays exact.</summary>
    [Fact]
    public async Task ConcurrentFollowsByOneUser_KeepExactFollowingCount()
    {
        var users = await fixture.UsersAsync(41);
        var follower = users[0];
        await Task.WhenAll(users.Skip(1).Select(u => _client.FollowAsync(follower, u)));
        Assert.Equal((0, 40), await _client.CountsAsync(follower));
        await Task.WhenAll(users.Skip(1).Take(15).Select(u => _client.UnfollowAsync(follower, u)));
        Assert.Equal((0, 25), await _client.CountsAsync(follower));
    }

    [Fact]
    public async Task FollowAndUnfollow_EmitGraphEvents_KeyedByTheFollowee()
    {
        var (a, b) = await fixture.PairAsync();
        await _client.FollowAsync(a, b);
        await _client.UnfollowAsync(a, b);
        var kinds = (await fixture.Database.ScalarAsync<string[]>("""
            SELECT array_agg(kind ORDER BY created_at, kind) FROM outbox_events
            WHERE stream_namespace = 'graph' AND stream_key = $1 AND actor_id = $2
              AND payload->>'actor_id' = $2::text AND payload->>'target_id' = $1::text AND payload ? 'at'
            """, b.Id, a.Id))!;
        Assert.Equal(["followed", "unfollowed"], kinds);
    }
}
