using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Trending;

/// <summary>
/// Trending reads (stateless, key 0): a window's best <see cref="Candidates"/> of a kind, reused for
/// <see cref="TrendingOptions.CandidatesTtl"/> by this activation so reads do not all queue on the one window grain,
/// then filtered and rendered by <see cref="TrendingItemsReadModel"/> for the viewer (blocked either way and muted
/// accounts left out). Hashtags are counted by <see cref="TrendingHashtagsReadModel"/>.
/// </summary>
[StatelessWorker]
public sealed class TrendingGrain(
    TrendingItemsReadModel items, TrendingHashtagsReadModel hashtags, TrendingStore store, IOptions<TrendingOptions> options, TimeProvider clock)
    : Grain, ITrendingGrain
{
    /// <summary>How many of a window's best items are filtered for one read: room for what filters take out.</summary>
    public const int Candidates = 500;

    private readonly Dictionary<(string Window, TrendingKind Kind), (DateTimeOffset Until, IReadOnlyList<TrendingCandidate> Top)> _cached = [];

    public async Task<IReadOnlyList<TrendingItem>> ItemsAsync(TrendingKind kind, string window, Guid? viewerId, int limit)
    {
        if (kind == TrendingKind.Hashtag) throw new ArgumentException("Hashtags are read with HashtagsAsync.", nameof(kind));
        var w = TrendingWindow.Of(window) ?? throw new ArgumentException($"Unknown trending window '{window}'.", nameof(window));
        var (top, excluded) = (CandidatesAsync(w, kind), ExcludedAsync(viewerId));
        return await items.ItemsAsync(kind, await top, await excluded, PageLimit.Clamp(limit));
    }

    public Task<IReadOnlyList<TrendingHashtag>> HashtagsAsync(string window, int limit)
    {
        var w = TrendingWindow.Of(window) ?? throw new ArgumentException($"Unknown trending window '{window}'.", nameof(window));
        return hashtags.HashtagsAsync(w.Length, clock.GetUtcNow(), PageLimit.Clamp(limit));
    }

    public Task<bool> SetHiddenAsync(TrendingKind kind, string id, bool hidden, AuditActor by, string? reason)
    {
        var item = kind == TrendingKind.Hashtag ? id.TrimStart('#').ToLowerInvariant()
            : Guid.TryParse(id, out var g) ? g.ToString() : throw new ArgumentException("A video or post is hidden by its id.", nameof(id));
        return store.SetHiddenAsync(kind, item, hidden, by, reason);
    }

    private async Task<IReadOnlyList<TrendingCandidate>> CandidatesAsync(TrendingWindow window, TrendingKind kind)
    {
        var now = clock.GetUtcNow();
        if (_cached.TryGetValue((window.Name, kind), out var hit) && hit.Until > now) return hit.Top;
        var top = await GrainFactory.Ref<ITrendingWindowGrain>(window.Name).TopAsync(kind, Candidates);
        _cached[(window.Name, kind)] = (now + options.Value.CandidatesTtl, top);
        return top;
    }

    private async Task<IReadOnlyCollection<Guid>> ExcludedAsync(Guid? viewerId)
    {
        if (viewerId is not { } viewer) return [];
        var graph = GrainFactory.Ref<ISocialGraphGrain>(viewer);
        var (blocked, muted) = (graph.GetBlockedEitherWayAsync(), graph.GetMutedAsync());
        return [.. await blocked, .. await muted];
    }
}
