using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Live;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Members-only live streams where they are read (HLS, chat join, send and replay, the hub), the card that stays
/// listed, viewers sent away when a stream becomes members-only, and members' badges in chat.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class MembersOnlyLiveTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task MembersOnlyStream_NonMembers403OnHlsAndChat_MembersAndStreamerChat_CardStaysVisible()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 3);
        var (creator, member, other) = (users[0], users[1], users[2]);
        var tier = await _client.TierAsync(creator.Token, 2, 400);
        await _client.SubscribedAsync(member.Token, tier);
        var stream = await _client.LiveStreamAsync(creator.Token, membersOnlyRank: 2);

        var refusals = new[]
        {
            await _client.JoinChatAsync(stream, other.Token),
            await _client.SendChatAsync(stream, other.Token, "let me in"),
            await _client.GetAsync($"/api/v1/live/{stream}/chat", other.Token),
            await _client.GetAsync($"/api/v1/live/{stream}/chat"),
            await _client.GetAsync($"/api/v1/live/{stream}/hls/master.m3u8", other.Token),
            await _client.GetAsync($"/api/v1/live/{stream}/hls/master.m3u8"),
        };
        foreach (var refused in refusals)
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "membership_required");
            Assert.Equal((creator.Id, 2), (problem.GetProperty("creator_id").GetGuid(), problem.GetProperty("min_rank").GetInt32()));
        }
        await using (var hub = await api.ChatAsync(other.Token))
        {
            await ChatClient.AssertRefusedAsync("membership_required", () => hub.JoinAsync(stream));
        }

        // The card: the stream itself and the list of live streams still show it (its title is the teaser).
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/live/{stream}", other.Token)).StatusCode);
        var listed = await (await _client.GetAsync("/api/v1/live?limit=100", other.Token)).ReadJsonAsync();
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == stream);

        // Members get through the gate (the playlist is missing: no encoder runs here, so 404, not 403); so does the streamer.
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/live/{stream}/hls/master.m3u8", member.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.JoinChatAsync(stream, member.Token)).StatusCode);
        var sent = await (await _client.SendChatAsync(stream, member.Token, "hello members")).ReadJsonAsync();
        Assert.Equal(("Tier 2", 2), (sent.GetProperty("badge").GetProperty("tier").GetString(), sent.GetProperty("badge").GetProperty("rank").GetInt32()));
        var own = await _client.SendChatAsync(stream, creator.Token, "welcome");
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.False((await own.ReadJsonAsync()).TryGetProperty("badge", out _));
        var replay = await (await _client.GetAsync($"/api/v1/live/{stream}/chat", member.Token)).ReadJsonAsync();
        var kept = replay.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("text").GetString() == "hello members");
        Assert.Equal(2, kept.GetProperty("badge").GetProperty("rank").GetInt32());
    }

    [Fact]
    public async Task StreamMadeMembersOnly_NonMemberInTheRoomIsSentAway_MemberStays_AndSubscribingLetsThemBackAtOnce()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 3);
        var (creator, member, other) = (users[0], users[1], users[2]);
        var tier = await _client.TierAsync(creator.Token, 1, 300);
        await _client.SubscribedAsync(member.Token, tier);
        var stream = await _client.LiveStreamAsync(creator.Token);
        await using var outsider = await api.ChatAsync(other.Token);
        await using var insider = await api.ChatAsync(member.Token);
        await outsider.JoinAsync(stream);
        await insider.JoinAsync(stream);

        var set = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/live/{stream}/access", new { members_only = true }, creator.Token);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var told = await outsider.EventAsync("membership_required", TimeSpan.FromSeconds(5));
        Assert.Equal(stream, told.GetProperty("stream_id").GetGuid());
        await ChatClient.AssertRefusedAsync("not_joined", () => outsider.SendAsync(stream, "still here?"));
        await (await _client.SendChatAsync(stream, other.Token, "still here?")).AssertProblemAsync(HttpStatusCode.Forbidden, "membership_required");
        await insider.SendAsync(stream, "members only now");
        await insider.ReceiveAsync("members only now");
        await Task.Delay(300);
        Assert.DoesNotContain(outsider.Pushes(), batch => batch.Contains("members only now"));

        // An entitlement counts as soon as the subscription is answered: the gate asks the subscriber's grain, never a cache,
        // so the first join after it is let in (a refused join throws).
        await _client.SubscribedAsync(other.Token, tier);
        var joined = await outsider.JoinAsync(stream);
        Assert.Contains(joined.Messages, m => m.Text == "members only now");
    }

    [Fact]
    public async Task MemberBadge_ShowsTheHighestTier_AndGoesWithinSecondsOfTheMembershipEnding()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 2);
        var (creator, fan) = (users[0], users[1]);
        var tier = await _client.TierAsync(creator.Token, 3, 900);
        var subscription = (await _client.SubscribedAsync(fan.Token, tier)).GetProperty("id").GetGuid();
        var stream = await _client.LiveStreamAsync(creator.Token);

        var first = await (await _client.SendChatAsync(stream, fan.Token, "with badge")).ReadJsonAsync();
        Assert.Equal(3, first.GetProperty("badge").GetProperty("rank").GetInt32());

        Assert.True((await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/subscriptions/{subscription}?now=true", null, fan.Token)).IsSuccessStatusCode);
        var clock = Stopwatch.StartNew();
        var later = await Eventually.ValueAsync(async () =>
        {
            await Task.Delay(700); // under the rate limit (3 per 2 s)
            return await (await _client.SendChatAsync(stream, fan.Token, "after cancel")).ReadJsonAsync();
        }, m => !m.TryGetProperty("badge", out _), TimeSpan.FromSeconds(12));
        Assert.False(later.TryGetProperty("badge", out _), later.GetRawText());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the badge went after {clock.ElapsedMilliseconds} ms"); // BadgeCacheDuration 5 s, polled every 0.7 s
    }

    [Fact]
    public async Task CreateMembersOnlyStream_BadRank_Is400()
    {
        var creator = (await api.Factory.UsersAsync(api.Database.ConnectionString, 1))[0];
        var zero = await _client.PostJsonAsync("/api/v1/live", new { title = "x", members_only = true, min_rank = 0 }, creator.Token);
        var without = await _client.PostJsonAsync("/api/v1/live", new { title = "x", min_rank = 2 }, creator.Token);
        await zero.AssertProblemAsync(HttpStatusCode.BadRequest);
        await without.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
