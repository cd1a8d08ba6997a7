using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Analytics;
using SocialFlow.Grains.Interfaces.Analytics;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using static SocialFlow.ApiHost.Tests.Analytics.AnalyticsApi;

namespace SocialFlow.ApiHost.Tests.Analytics;

/// <summary>Live viewing as a server fact: the live room's presence becomes the streamer's live views and watch time.</summary>
[Collection(AnalyticsCollection.Name)]
public sealed class LiveViewTests(AnalyticsFixture api)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Watching = TimeSpan.FromMilliseconds(1300);
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task LiveViewer_WhoJoinsAndLeaves_IsALiveViewWithWatchTime_AndAnActiveAccount_AndASecondLeaveCountsNothing()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var ((streamer, streamerToken), (viewer, viewerToken)) = (users[0], users[1]);
        var stream = await LiveStreamAsync(streamer);
        Assert.False(await ActiveTodayAsync(viewer));

        await JoinAsync(stream, streamerToken); // the streamer in their own room is not a viewer
        await JoinAsync(stream, viewerToken);
        await Task.Delay(Watching);
        await LeaveAsync(stream, viewerToken);
        await LeaveAsync(stream, viewerToken); // the same leave delivered again

        var totals = await LiveTotalsAsync(streamerToken, t => t.Views >= 1);
        Assert.Equal(1, totals.Views);
        Assert.InRange(totals.Seconds, 1, 60);
        Assert.True(await ActiveTodayAsync(viewer));
        Assert.Equal(1, await api.RollupAsync("item", stream, "hour", "live_views"));
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // time for a doubled write to land, were there one
        Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM analytics_events WHERE kind = 'live_view' AND item_id = $1", stream));
        Assert.Equal(1, (await LiveTotalsAsync(streamerToken, _ => true)).Views);
    }

    [Fact]
    public async Task ViewersStillWatching_WhenTheStreamEnds_AreCounted_AndTheViewWrittenAgainIsDropped()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var (streamer, streamerToken) = users[0];
        var stream = await LiveStreamAsync(streamer);
        await JoinAsync(stream, streamerToken);
        await JoinAsync(stream, users[1].Token);
        await JoinAsync(stream, users[2].Token);
        await Task.Delay(Watching);

        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/live/{stream}/end", new { }, streamerToken)).StatusCode);

        var totals = await LiveTotalsAsync(streamerToken, t => t.Views >= 2);
        Assert.Equal(2, totals.Views);
        Assert.InRange(totals.Seconds, 2, 120);
        // The writer's retry of a batch whose outcome was unknown writes the same view again: its client id drops it.
        var stored = await api.Database.ScalarAsync<string[]>(
            "SELECT ARRAY[actor_key, client_event_id] FROM analytics_events WHERE kind = 'live_view' AND item_id = $1 LIMIT 1", stream);
        var (actor, clientId) = (stored![0], stored[1]);
        var again = new RawEvent(actor, Guid.ParseExact(actor[2..], "N"), clientId, "live_view", DateTimeOffset.UtcNow,
            ItemId: stream, OwnerId: streamer, Seconds: 30);
        Assert.Empty(await api.Factory.Services.GetRequiredService<AnalyticsWriter>().WriteAsync([again]));
        Assert.Equal(totals, await LiveTotalsAsync(streamerToken, _ => true));
    }

    [Fact]
    public async Task LiveViews_RebuiltFromRawEvents_EqualTheIncrementalRollups()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var stream = await LiveStreamAsync(users[0].Id);
        await JoinAsync(stream, users[1].Token);
        await Task.Delay(Watching);
        await LeaveAsync(stream, users[1].Token);
        var seconds = await Eventually.ValueAsync(() => api.RollupAsync("item", stream, "day", "live_watch_seconds"), s => s > 0, Within);

        await api.Grains.Ref<IAnalyticsRebuildGrain>(0).RebuildDayAsync(DateOnly.FromDateTime(DateTime.UtcNow));

        Assert.Equal(seconds, await api.RollupAsync("item", stream, "day", "live_watch_seconds"));
        Assert.Equal(1, await api.RollupAsync("item", stream, "day", "live_views"));
        Assert.Equal(1, await api.RollupAsync("creator", users[0].Id, "day", "live_views"));
    }

    /// <summary>A public stream gone live, as the RTMP publish callback makes it (the grain call behind it).</summary>
    private async Task<Guid> LiveStreamAsync(Guid owner)
    {
        var id = Guid.CreateVersion7();
        var stream = api.Grains.Ref<ILiveStreamGrain>(id);
        var created = await stream.CreateAsync(owner, new LiveStreamDraft("on air", null, Visibility.Public, Record: false));
        Assert.Equal(PublishDecision.Accepted, await stream.StartPublishingAsync(created!.StreamKey, "client-1"));
        return id;
    }

    private async Task JoinAsync(Guid stream, string token) =>
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/live/{stream}/join", new { }, token)).StatusCode);

    private async Task LeaveAsync(Guid stream, string token) =>
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostJsonAsync($"/api/v1/live/{stream}/leave", new { }, token)).StatusCode);

    private async Task<(long Views, long Seconds)> LiveTotalsAsync(string token, Func<(long Views, long Seconds), bool> done) =>
        await Eventually.ValueAsync(async () =>
        {
            var totals = (await _client.DashboardAsync(token, "days=7&metrics=live_views,live_watch_seconds")).GetProperty("totals");
            return (totals.GetProperty("live_views").GetInt64(), totals.GetProperty("live_watch_seconds").GetInt64());
        }, done, Within);

    /// <summary>Whether today's platform sketch of active accounts already holds the account (adding it changes nothing).</summary>
    private async Task<bool> ActiveTodayAsync(Guid account) =>
        await api.Database.ScalarAsync<bool?>("""
            SELECT hll_union(sketch, (SELECT hll_add_agg(hll_hash_text($1)))) = sketch FROM analytics_uniques
            WHERE scope = 'platform' AND period = 'day' AND bucket = date_trunc('day', now(), 'UTC') AND metric = 'active_accounts'
            """, RawEvent.UserKey(account)) ?? false;
}
