using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Analytics;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.Grains.Analytics;

/// <summary>
/// Hands a tracked batch to this silo's <see cref="AnalyticsWriter"/>. A duplicate is an event already stored under its
/// client event id; an event about an item the sender may not see is dropped and answered as an unknown item, so that
/// tracking neither inflates a hidden item nor tells that its id exists. Reentrant: it keeps no state, and every batch
/// waiting for the group commit must be able to join it (a stateless worker has at most one activation per core, so
/// without it a silo tracked two batches per commit).
/// </summary>
[StatelessWorker, Reentrant]
public sealed class AnalyticsTrackerGrain(AnalyticsWriter writer, AnalyticsStore store) : Grain, IAnalyticsTrackerGrain
{
    public async Task<TrackResult> TrackAsync(TrackedBatch batch)
    {
        // The same client event id twice in one batch: the first one counts.
        var events = batch.Events.DistinctBy(e => e.ClientEventId).ToList();
        var hidden = await HiddenItemsAsync(batch.UserId, events);
        var seen = events.Where(e => e.ItemId is not { } item || !hidden.Contains(item)).ToList();
        var stored = await writer.WriteAsync([.. seen.Select(e => ToRaw(batch, e))]);
        var stale = await store.CountStoredAsync(batch.ActorKey, [.. seen.Where((_, i) => !stored.Contains(i)).Select(e => e.ClientEventId)]);
        var unknown = events.Count - stored.Count - stale;
        return new TrackResult(stored.Count, batch.Events.Count - events.Count + stale, unknown);
    }

    /// <summary>
    /// The batch's items the viewer (null: anonymous) may not see, by the item's own rule (<see cref="IContentGrain.CanViewAsync"/>;
    /// no such item: not seen either). One call per distinct item, all at once; the item's grain answers from memory.
    /// </summary>
    private async Task<HashSet<Guid>> HiddenItemsAsync(Guid? viewer, List<TrackedEvent> events)
    {
        var items = events.Select(e => e.ItemId).OfType<Guid>().Distinct().ToList();
        var visible = await Task.WhenAll(items.Select(item => GrainFactory.Ref<IContentGrain>(item).CanViewAsync(viewer)));
        return [.. items.Where((_, i) => !visible[i])];
    }

    private static RawEvent ToRaw(TrackedBatch batch, TrackedEvent e) => new(
        batch.ActorKey, batch.UserId, e.ClientEventId, e.Type, e.OccurredAt,
        ItemId: e.ItemId, OwnerId: e.ProfileId, Seconds: e.Seconds, PositionPercent: e.PositionPercent, Source: e.Source,
        Platform: batch.Platform, AdId: e.AdId, IpPrefix: batch.IpPrefix);
}
