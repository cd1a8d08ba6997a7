using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Analytics;

namespace SocialFlow.Grains.Analytics;

/// <summary>
/// Hands a tracked batch to this silo's <see cref="AnalyticsWriter"/>; a duplicate is an event already stored under its
/// client event id. Reentrant: it keeps no state, and every batch waiting for the group commit must be able to join it
/// (a stateless worker has at most one activation per core, so without it a silo tracked two batches per commit).
/// </summary>
[StatelessWorker, Reentrant]
public sealed class AnalyticsTrackerGrain(AnalyticsWriter writer, AnalyticsStore store) : Grain, IAnalyticsTrackerGrain
{
    public async Task<TrackResult> TrackAsync(TrackedBatch batch)
    {
        // The same client event id twice in one batch: the first one counts.
        var events = batch.Events.DistinctBy(e => e.ClientEventId).ToList();
        var stored = await writer.WriteAsync([.. events.Select(e => ToRaw(batch, e))]);
        var stale = await store.CountStoredAsync(batch.ActorKey, [.. events.Where((_, i) => !stored.Contains(i)).Select(e => e.ClientEventId)]);
        var unknown = events.Count - stored.Count - stale;
        return new TrackResult(stored.Count, batch.Events.Count - events.Count + stale, unknown);
    }

    private static RawEvent ToRaw(TrackedBatch batch, TrackedEvent e) => new(
        batch.ActorKey, batch.UserId, e.ClientEventId, e.Type, e.OccurredAt,
        ItemId: e.ItemId, OwnerId: e.ProfileId, Seconds: e.Seconds, PositionPercent: e.PositionPercent, Source: e.Source,
        Platform: batch.Platform, AdId: e.AdId, IpPrefix: batch.IpPrefix);
}
