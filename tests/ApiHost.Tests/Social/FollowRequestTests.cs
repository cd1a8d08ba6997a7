using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Social;

[Collection(GraphCollection.Name)]
public sealed class FollowRequestTests(GraphFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task FollowingAPrivateAccount_MakesARequest_ThatApprovalTurnsIntoAFollow()
    {
        var (owner, fan) = await fixture.PairAsync();
        await _client.SetPrivateAsync(owner, true);

        var first = await _client.FollowAsync(fan, owner);
        var again = await _client.FollowAsync(fan, owner);
        Assert.Equal(("requested", true), (first.GetProperty("status").GetString(), first.GetProperty("changed").GetBoolean()));
        Assert.Equal(("requested", false), (again.GetProperty("status").GetString(), again.GetProperty("changed").GetBoolean()));
        Assert.Equal((0, 0), await _client.CountsAsync(owner));

        var inbox = await _client.SendAsync(HttpMethod.Get, "/api/v1/follow-requests", owner).OkJsonAsync();
        var request = Assert.Single(inbox.GetProperty("items").EnumerateArray());
        Assert.Equal((fan.Id, fan.Username), (request.GetProperty("id").GetGuid(), request.GetProperty("username").GetString()));
        Assert.True(request.TryGetProperty("requested_at", out _));
        Assert.Empty(await _client.UsernamesAsync("/api/v1/follow-requests", fan)); // the requester's own inbox is empty

        var approved = await _client.SendAsync(HttpMethod.Post, $"/api/v1/follow-requests/{fan.Username}/approve", owner).OkJsonAsync();
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal((1, 0), await _client.CountsAsync(owner));
        Assert.Equal((0, 1), await _client.CountsAsync(fan));
        Assert.Equal("following", (await _client.FollowAsync(fan, owner)).GetProperty("status").GetString());
        Assert.Empty(await _client.UsernamesAsync("/api/v1/follow-requests", owner));
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/follow-requests/{fan.Username}/approve", owner))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        var kinds = (await fixture.Database.ScalarAsync<string[]>("""
            SELECT array_agg(kind || ':' || (stream_key = $1)::text ORDER BY kind) FROM outbox_events
            WHERE stream_namespace = 'graph' AND (stream_key = $1 OR stream_key = $2)
            """, owner.Id, fan.Id))!;
        Assert.Equal(["follow_approved:false", "follow_requested:true", "followed:true"], kinds);
    }

    [Fact]
    public async Task Reject_DropsTheRequest_AndOnlyTheTargetCanDecide()
    {
        var users = await fixture.UsersAsync(3);
        var (owner, fan, stranger) = (users[0], users[1], users[2]);
        await _client.SetPrivateAsync(owner, true);
        await _client.FollowAsync(fan, owner);

        // Somebody else cannot approve a request that is not in their inbox, and the requester cannot approve their own.
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/follow-requests/{fan.Username}/approve", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/follow-requests/{owner.Username}/approve", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/follow-requests/{fan.Username}/approve", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Post, "/api/v1/follow-requests/nobody_here_at_all/reject", owner)).AssertProblemAsync(HttpStatusCode.NotFound);

        var rejected = await _client.SendAsync(HttpMethod.Post, $"/api/v1/follow-requests/{fan.Username}/reject", owner).OkJsonAsync();
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/follow-requests/{fan.Username}/reject", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await _client.UsernamesAsync("/api/v1/follow-requests", owner));
        Assert.Equal((0, 0), await _client.CountsAsync(owner));
    }

    [Fact]
    public async Task TheRequester_CancelsWithUnfollow()
    {
        var (owner, fan) = await fixture.PairAsync();
        await _client.SetPrivateAsync(owner, true);
        await _client.FollowAsync(fan, owner);

        var cancelled = await _client.UnfollowAsync(fan, owner);
        Assert.Equal(("none", true), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("changed").GetBoolean()));
        Assert.Empty(await _client.UsernamesAsync("/api/v1/follow-requests", owner));
        await (await _client.SendAsync(HttpMethod.Post, $"/api/v1/follow-requests/{fan.Username}/approve", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Inbox_PagesNewestFirst()
    {
        var users = await fixture.UsersAsync(4);
        var owner = users[0];
        await _client.SetPrivateAsync(owner, true);
        foreach (var fan in users.Skip(1)) await _client.FollowAsync(fan, owner);

        var page1 = await _client.SendAsync(HttpMethod.Get, "/api/v1/follow-requests?limit=2", owner).OkJsonAsync();
        var cursor = page1.GetProperty("next_cursor").GetString();
        var page2 = await _client.UsernamesAsync($"/api/v1/follow-requests?limit=2&cursor={cursor}", owner);
        var names = page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("username").GetString()!).Concat(page2);
        Assert.Equal(users.Skip(1).Reverse().Select(u => u.Username), names);
    }

    [Fact]
    public async Task APrivateAccountsLists_AreForItselfAndItsFollowers()
    {
        var users = await fixture.UsersAsync(3);
        var (owner, follower, stranger) = (users[0], users[1], users[2]);
        await _client.FollowAsync(follower, owner);
        await _client.SetPrivateAsync(owner, true);

        foreach (var list in new[] { "followers", "following" })
        {
            var url = $"/api/v1/users/{owner.Username}/{list}";
            await (await _client.SendAsync(HttpMethod.Get, url, stranger)).AssertProblemAsync(HttpStatusCode.Forbidden, "private_account");
            await (await _client.SendAsync(HttpMethod.Get, url, null)).AssertProblemAsync(HttpStatusCode.Forbidden, "private_account");
            await _client.SendAsync(HttpMethod.Get, url, follower).OkJsonAsync();
            await _client.SendAsync(HttpMethod.Get, url, owner).OkJsonAsync();
        }
        Assert.Equal([follower.Username], await _client.UsernamesAsync($"/api/v1/users/{owner.Username}/followers", owner));
    }
}
