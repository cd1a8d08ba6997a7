using SocialFlow.Grains.Analytics;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>
/// Live viewing for analytics (docs/architecture.md#analytics): a user's view runs from their first presence in the
/// room to the moment their last one goes (a leave, a lapse, an eviction or ban, the stream's end, this activation's
/// end), and becomes one live_view event then (<see cref="ServerFacts.LiveView"/>). The streamer's own presence is not a
/// view. Handed to the silo's <see cref="AnalyticsWriter"/> without waiting: analytics never holds up the room.
/// </summary>
public sealed partial class LiveRoomGrain
{
    private readonly Dictionary<Guid, DateTimeOffset> _watchingSince = [];

    private void ViewStarted(Guid userId, DateTimeOffset at)
    {
        if (userId != _stream?.OwnerId) _watchingSince.TryAdd(userId, at);
    }

    private void ViewEnded(Guid userId, DateTimeOffset at)
    {
        if (_watchingSince.Remove(userId, out var since) && LiveView(userId, since, at) is { } view) analytics.Post([view]);
    }

    /// <summary>Everyone still watching stops at <paramref name="at"/> (the stream ended, or this activation goes).</summary>
    private void AllViewsEnded(DateTimeOffset at)
    {
        var views = _watchingSince.Select(w => LiveView(w.Key, w.Value, at)).OfType<RawEvent>().ToList();
        _watchingSince.Clear();
        analytics.Post(views);
    }

    private RawEvent? LiveView(Guid userId, DateTimeOffset since, DateTimeOffset at) =>
        _stream is { } s ? ServerFacts.LiveView(Id, s.OwnerId, userId, since, at, s.StartedAt, s.EndedAt) : null;
}
