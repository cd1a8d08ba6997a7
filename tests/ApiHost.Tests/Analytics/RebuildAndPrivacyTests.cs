using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Analytics;
using SocialFlow.Grains.Analytics;
using SocialFlow.Grains.Interfaces.Analytics;
using static SocialFlow.ApiHost.Tests.Analytics.AnalyticsApi;

namespace SocialFlow.ApiHost.Tests.Analytics;

/// <summary>The rebuild from raw events, their retention, and account deletion.</summary>
[Collection(AnalyticsCollection.Name)]
public sealed class RebuildAndPrivacyTests(AnalyticsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    private const string RollupsOf = """
        SELECT string_agg(format('%s %s %s %s %s=%s', scope, key, period, bucket, metric, value), E'\n' ORDER BY scope, key, period, bucket, metric)
        FROM analytics_rollups WHERE key = ANY($1) OR item_owner = ANY($1)
        """;

    private const string UniquesOf = """
        SELECT string_agg(format('%s %s %s %s %s=%s', scope, key, period, bucket, metric, hll_cardinality(sketch)), E'\n' ORDER BY scope, key, period, bucket, metric)
        FROM analytics_uniques WHERE key = ANY($1)
        """;

    [Fact]
    public async Task Rebuild_FromRawEvents_GivesTheSameRollups()
    {
        var (creator, token, video) = await api.CreatorWithVideoAsync();
        var (_, viewer) = await api.Factory.UserAsync(api.Database.ConnectionString);
        await _client.TrackOkAsync(viewer, View("view_start", video, source: "trending"), View("view_progress", video, seconds: 12), View("view_end", video, seconds: 3, position: 80));
        await _client.TrackOkAsync(token, View("view_start", video), View("view_end", video, seconds: 9, position: 20));
        var keys = new[] { creator, video };
        var rollups = await api.Database.ScalarAsync<string>(RollupsOf, keys);
        var uniques = await api.Database.ScalarAsync<string>(UniquesOf, keys);
        Assert.Contains("views=2", rollups);
        // Rollups that drifted (a lost or doubled increment) are what a rebuild is for.
        await api.Database.ExecuteAsync("UPDATE analytics_rollups SET value = value + 100 WHERE key = $1 AND metric = 'views'", video);
        await api.Database.ExecuteAsync("DELETE FROM analytics_rollups WHERE key = $1 AND metric = 'watch_seconds'", creator);
        await api.Database.ExecuteAsync("DELETE FROM analytics_uniques WHERE key = $1", video);

        var rebuild = api.Grains.Ref<IAnalyticsRebuildGrain>(0);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.True(await rebuild.FirstRebuildableDayAsync() <= today);
        var rebuilt = await rebuild.RebuildDayAsync(today);

        Assert.True(rebuilt.Events >= 5);
        Assert.Equal(rollups, await api.Database.ScalarAsync<string>(RollupsOf, keys));
        Assert.Equal(uniques, await api.Database.ScalarAsync<string>(UniquesOf, keys));
    }

    [Fact]
    public async Task RebuildCommand_BadArguments_IsUsageError()
    {
        Assert.Equal(64, await AnalyticsRebuildCommand.RunAsync(["rebuild-analytics", "--from", "yesterday"]));
    }

    [Fact]
    public async Task RawEvents_PastRetention_AreDeleted_TheirRollupsStay()
    {
        var (creator, token, video) = await api.CreatorWithVideoAsync();
        await _client.TrackOkAsync(token, View("view_start", video));
        var old = Guid.CreateVersion7();
        await api.Database.ExecuteAsync("""
            INSERT INTO analytics_events (id, actor_key, client_event_id, kind, item_id, owner_id, occurred_at, received_at)
            VALUES ($1, 'a:retention-test-viewer', $1::text, 'view_start', $2, $3, now() - interval '91 days', now() - interval '91 days')
            """, old, video, creator);

        var retention = api.Factory.Services.GetRequiredService<RawEventsRetention>();
        while (await retention.CleanChunkAsync(CancellationToken.None) > 0) { }

        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM analytics_events WHERE id = $1", old));
        Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM analytics_events WHERE item_id = $1", video));
        Assert.Equal(1, await api.RollupAsync("item", video, "day", "views"));
    }

    [Fact]
    public async Task DeletingAnAccount_DeletesItsRawEvents_NotTheCreatorsRollups()
    {
        var (creator, _, video) = await api.CreatorWithVideoAsync();
        var (viewer, token) = await api.Factory.UserAsync(api.Database.ConnectionString);
        await _client.TrackOkAsync(token, View("view_start", video), View("view_progress", video, seconds: 20));
        Assert.Equal(2L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM analytics_events WHERE user_id = $1", viewer));

        await api.Database.ExecuteAsync("DELETE FROM accounts WHERE id = $1", viewer); // how accounts go: their rows cascade

        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM analytics_events WHERE actor_key = $1", RawEvent.UserKey(viewer)));
        Assert.Equal(1, await api.RollupAsync("creator", creator, "day", "views"));
    }
}
