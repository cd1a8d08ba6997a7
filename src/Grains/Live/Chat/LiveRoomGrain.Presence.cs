using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>
/// The audience: leased presence entries (a connection or an HTTP viewer) renewed by their host; a user with several
/// connections counts once. Current, peak, and viewer-seconds while the stream is live, for the average over its live
/// time (while anyone watches, their renewals keep this room active, so time it was not active had no viewers).
/// </summary>
public sealed partial class LiveRoomGrain
{
    private readonly Dictionary<string, (Guid UserId, DateTimeOffset Expires)> _presence = [];
    private readonly Dictionary<Guid, int> _viewers = []; // user → presence entries
    private int _peak;
    private double _viewerSeconds;
    private DateTimeOffset _sampledAt, _savedAt;
    private bool _viewersChanged, _figuresChanged;

    private ViewerCounts Viewers => new(_viewers.Count, _peak);

    private double AverageViewers
    {
        get
        {
            if (_stream?.StartedAt is not { } started) return 0;
            var live = ((_stream.EndedAt ?? clock.GetUtcNow()) - started).TotalSeconds;
            // Samples taken after the end but before the room heard of it may add a few viewer-milliseconds too many.
            return live > 0 ? Math.Min(_viewerSeconds / live, _peak) : 0;
        }
    }

    public Task RenewAsync(ILiveRoomObserver observer, IReadOnlyList<PresenceLease> presences)
    {
        Watch(observer);
        if (_stream is null || _stream.State == LiveState.Ended) return Task.CompletedTask;
        foreach (var p in presences)
        {
            if (!(_sanctions.TryGetValue(p.UserId, out var until) && until is null)) AddPresence(p.PresenceId, p.UserId);
        }
        return Task.CompletedTask;
    }

    private void LoadFigures(RoomRecord room)
    {
        (_peak, _viewerSeconds) = (room.PeakViewers, room.ViewerSeconds);
        _sampledAt = _savedAt = clock.GetUtcNow();
    }

    private void AddPresence(string presenceId, Guid userId)
    {
        var now = clock.GetUtcNow();
        if (_presence.TryGetValue(presenceId, out var known) && known.UserId == userId)
        {
            _presence[presenceId] = (userId, now + _leases.Lease);
            return;
        }
        RemovePresence(presenceId);
        Sample(now);
        _presence[presenceId] = (userId, now + _leases.Lease);
        var entries = _viewers[userId] = _viewers.GetValueOrDefault(userId) + 1;
        if (entries == 1) ViewStarted(userId, now);
        if (_viewers.Count > _peak) (_peak, _figuresChanged) = (_viewers.Count, true);
        _viewersChanged = true;
    }

    /// <summary><paramref name="lastSeen"/>: when a lapsed entry was last renewed (its view ends then); else now.</summary>
    private void RemovePresence(string presenceId, DateTimeOffset? lastSeen = null)
    {
        if (!_presence.Remove(presenceId, out var p)) return;
        var now = clock.GetUtcNow();
        Sample(now);
        if (--_viewers[p.UserId] == 0)
        {
            _viewers.Remove(p.UserId);
            ViewEnded(p.UserId, lastSeen ?? now);
        }
        _viewersChanged = true;
    }

    private void RemoveUser(Guid userId)
    {
        foreach (var (id, _) in _presence.Where(e => e.Value.UserId == userId).ToList()) RemovePresence(id);
    }

    private void DropExpiredPresence(DateTimeOffset now)
    {
        foreach (var (id, (_, expires)) in _presence.Where(e => e.Value.Expires <= now).ToList()) RemovePresence(id, expires - _leases.Lease);
    }

    /// <summary>Adds the viewer-seconds since the last sample that fall in the live time (every count change samples first).</summary>
    private void Sample(DateTimeOffset now)
    {
        var from = _sampledAt;
        _sampledAt = now;
        if (_stream is not { State: LiveState.Live, StartedAt: { } started } || _viewers.Count == 0) return;
        var seconds = (now - (from > started ? from : started)).TotalSeconds;
        if (seconds <= 0) return;
        _viewerSeconds += _viewers.Count * seconds;
        _figuresChanged = true;
    }

    private async Task SaveFiguresAsync()
    {
        if (_stream is null) return;
        Sample(clock.GetUtcNow());
        _figuresChanged = false;
        _savedAt = clock.GetUtcNow();
        await store.SaveStatsAsync(Id, _peak, _viewerSeconds, AverageViewers, _savedAt);
    }

    public async Task StreamChangedAsync()
    {
        if (await streams.GetAsync(Id) is not { } loaded) return;
        await SetStreamAsync(loaded);
    }

    /// <summary>Takes the row's state. At the end chat closes: pending messages go out, then the end; the audience is cleared and the figures saved.</summary>
    private async Task SetStreamAsync(LiveStreamView fresh)
    {
        // The time up to now counts as the state was, but never past the end: the room may hear of it a little later.
        var now = clock.GetUtcNow();
        Sample(fresh.EndedAt is { } ended && ended < now ? ended : now);
        var wasOpen = _stream?.State != LiveState.Ended;
        _stream = fresh;
        if (fresh.State != LiveState.Ended || !wasOpen) return;
        await DeliverNowAsync(CancellationToken.None);
        Notify(o => o.StreamEnded(Id));
        AllViewsEnded(now);
        _presence.Clear();
        _viewers.Clear();
        await SaveFiguresAsync();
    }

    /// <summary>Housekeeping: expired presence and observers drop, counts go out if they changed, figures are saved now and then.</summary>
    private async Task TickAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        DropExpiredPresence(now);
        foreach (var (user, _) in _sanctions.Where(s => s.Value is { } until && until <= now).ToList()) _sanctions.Remove(user);
        _pins.RemoveAll(m => m.Tip?.PinnedUntil <= now);
        _rates.Prune(now, TimeSpan.FromSeconds(Math.Max(_options.RateWindow.TotalSeconds, _settings.SlowModeSeconds)));
        Sample(now);
        if (_viewersChanged)
        {
            _viewersChanged = false;
            var counts = Viewers;
            Notify(o => o.ViewersChanged(Id, counts));
        }
        if (now - _savedAt < _options.SaveInterval) return;
        _savedAt = now;
        // A change notice may have been lost (the stream's silo died between commit and call): the row is the truth.
        if (await streams.GetAsync(Id) is { } loaded) await SetStreamAsync(loaded);
        if (_figuresChanged) await SaveFiguresAsync();
    }
}
