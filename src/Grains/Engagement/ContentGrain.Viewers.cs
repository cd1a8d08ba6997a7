using BitFaster.Caching.Lru;
using SocialFlow.Grains.Engagement.GroupCommit;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.Grains.Engagement;

/// <summary>
/// What each viewer did to this item (liked, bookmarked, reaction), answered from memory. Every such write goes through
/// this grain, so it can keep the sets exact: they are loaded on first need and then changed by exactly what PostgreSQL
/// committed. An item with more engagers than <see cref="MaxEngagersInMemory"/> asks PostgreSQL per viewer instead
/// (with a small cache). A load that overlapped a write is thrown away (the generation moved), so nothing stale sticks.
/// </summary>
public sealed partial class ContentGrain
{
    private const int MaxEngagersInMemory = 10_000;
    private const int MaxCachedViewers = 2_000;

    private Engagers? _engagers;
    private bool _tooManyEngagers;
    private FastConcurrentLru<Guid, ViewerState>? _viewers; // made on first need: most items never ask PostgreSQL per viewer
    private long _viewerGeneration;

    private static readonly ViewerState Nobody = new(false, false, null);

    public async Task<ContentSnapshot> GetSnapshotAsync(Guid? viewerId) =>
        new(await CountsAsync(), viewerId is { } v ? await GetViewerStateAsync(v) : Nobody);

    public async Task<ViewerState> GetViewerStateAsync(Guid viewerId)
    {
        if (_engagers is null && !_tooManyEngagers && !_stale)
        {
            var generation = _viewerGeneration;
            var loaded = await store.LoadEngagersAsync(Id, MaxEngagersInMemory);
            if (generation == _viewerGeneration && !_stale && _engagers is null)
            {
                (_engagers, _tooManyEngagers) = loaded is null ? (null, true) : (loaded, false);
            }
        }
        if (_engagers is { } e && !_stale) return e.StateOf(viewerId);
        return await ViewerStateFromDatabaseAsync(viewerId);
    }

    private async Task<ViewerState> ViewerStateFromDatabaseAsync(Guid viewerId)
    {
        if (_viewers?.TryGet(viewerId, out var cached) == true) return cached;
        var generation = _viewerGeneration;
        var state = await store.LoadViewerStateAsync(Id, viewerId);
        if (generation == _viewerGeneration && !_stale)
        {
            (_viewers ??= new(MaxCachedViewers)).AddOrUpdate(viewerId, state); // full: the least recently used go
        }
        return state;
    }

    /// <summary>Before and after every write: reads that overlap it are not kept.</summary>
    private void ForgetViewer(Guid viewerId)
    {
        _viewerGeneration++;
        _viewers?.TryRemove(viewerId);
    }

    /// <summary>Applies a committed change to the in-memory sets (when loaded).</summary>
    private void ApplyToEngagers(FactKind kind, Guid userId, string? reaction)
    {
        if (_engagers is not { } e) return;
        e.Apply(kind, userId, reaction);
        if (e.Count > MaxEngagersInMemory) (_engagers, _tooManyEngagers) = (null, true);
    }

    /// <summary>A batch with an unknown outcome: the sets can no longer be trusted.</summary>
    private void DropEngagers() => (_engagers, _viewerGeneration) = (null, _viewerGeneration + 1);
}

/// <summary>The users who liked, bookmarked or reacted to one item.</summary>
public sealed class Engagers(HashSet<Guid> likers, HashSet<Guid> bookmarkers, Dictionary<Guid, string> reactions)
{
    public int Count => likers.Count + bookmarkers.Count + reactions.Count;

    public ViewerState StateOf(Guid userId) =>
        new(likers.Contains(userId), bookmarkers.Contains(userId), reactions.GetValueOrDefault(userId));

    public void Apply(FactKind kind, Guid userId, string? reaction)
    {
        switch (kind)
        {
            case FactKind.Like: likers.Add(userId); break;
            case FactKind.Unlike: likers.Remove(userId); break;
            case FactKind.Bookmark: bookmarkers.Add(userId); break;
            case FactKind.Unbookmark: bookmarkers.Remove(userId); break;
            case FactKind.React when reaction is null: reactions.Remove(userId); break;
            case FactKind.React: reactions[userId] = reaction; break;
        }
    }
}
