using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SocialFlow.Grains.Infrastructure.Caching;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Trending.Viral;

namespace SocialFlow.Grains.Trending;

/// <summary>
/// Trending reads (stateless, key 0): a window's best <see cref="Candidates"/> of a kind, filtered and rendered by
/// <see cref="TrendingItemsReadModel"/> (the first <see cref="Shown"/> that anyone may discover), reused for
/// <see cref="TrendingOptions.CandidatesTtl"/> by this activation so that reads neither queue on the one window grain
/// nor run a statement each (<see cref="RefreshingValue{T}"/>: one reload at a time, and reads during it get the previous
/// list rather than wait: a ranking that waited for the reload, 20 ms, once a second, was the For-you first page's p99); then, for a signed-in viewer, without the accounts they block, are blocked by or mute.
/// Hashtags are counted by the window grains, reused here for the same time. `/ml/trending` adds the viral model's
/// predicted risers (<see cref="IViralGrain"/>), filtered the same way and reused for the same time.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class TrendingGrain(
    TrendingItemsReadModel items, TrendingStore store, IOptions<TrendingOptions> options, IOptions<ViralOptions> viral, TimeProvider clock,
    ILogger<TrendingGrain> logger)
    : Grain, ITrendingGrain
{
    /// <summary>How many of a window's best items are filtered for one read: room for what filters take out.</summary>
    public const int Candidates = 500;

    /// <summary>Discoverable items kept per window and kind: room for a viewer's blocks and mutes below the largest page.</summary>
    public const int Shown = 200;

    private readonly Dictionary<(string Window, TrendingKind Kind), RefreshingValue<IReadOnlyList<TrendingItem>>> _shown = [];
    private readonly Dictionary<string, RefreshingValue<IReadOnlyList<TrendingHashtag>>> _hashtags = [];
    private readonly Dictionary<TrendingKind, RefreshingValue<IReadOnlyList<TrendingItem>>> _risers = [];

    public async Task<IReadOnlyList<TrendingItem>> ItemsAsync(TrendingKind kind, string window, Guid? viewerId, int limit)
    {
        if (kind == TrendingKind.Hashtag) throw new ArgumentException("Hashtags are read with HashtagsAsync.", nameof(kind));
        var w = TrendingWindow.Of(window) ?? throw new ArgumentException($"Unknown trending window '{window}'.", nameof(window));
        var size = PageLimit.Clamp(limit);
        var shown = await DiscoverableAsync(w, kind);
        if (viewerId is null || shown.Count == 0) return [.. shown.Take(size)];
        var excluded = await ExcludedAsync(viewerId.Value);
        return [.. shown.Where(i => !excluded.Contains(i.AuthorId)).Take(size)];
    }

    public async Task<IReadOnlyList<TrendingItem>> WithRisersAsync(TrendingKind kind, string window, Guid? viewerId, int limit)
    {
        if (kind == TrendingKind.Hashtag) throw new ArgumentException("Hashtags are read with HashtagsAsync.", nameof(kind));
        var w = TrendingWindow.Of(window) ?? throw new ArgumentException($"Unknown trending window '{window}'.", nameof(window));
        var size = PageLimit.Clamp(limit);
        var (shown, risers) = (DiscoverableAsync(w, kind), DiscoverableRisersAsync(kind));
        var merged = RiserMerge.Merge(await shown, await risers, viral.Value.RiserStride);
        if (viewerId is null || merged.Count == 0) return [.. merged.Take(size)];
        var excluded = await ExcludedAsync(viewerId.Value);
        return [.. merged.Where(i => !excluded.Contains(i.AuthorId)).Take(size)];
    }

    public async Task<IReadOnlyList<TrendingHashtag>> HashtagsAsync(string window, int limit)
    {
        var w = TrendingWindow.Of(window) ?? throw new ArgumentException($"Unknown trending window '{window}'.", nameof(window));
        var top = await Cached(_hashtags, w.Name).GetAsync(options.Value.CandidatesTtl,
            () => GrainFactory.Ref<ITrendingWindowGrain>(w.Name).HashtagsAsync(PageLimit.Max));
        return [.. top.Take(PageLimit.Clamp(limit))];
    }

    /// <summary>A hidden or shown hashtag: the windows count their hashtags again at the next read.</summary>
    public async Task<bool> SetHiddenAsync(TrendingKind kind, string id, bool hidden, AuditActor by, string? reason)
    {
        var item = kind == TrendingKind.Hashtag ? id.TrimStart('#').ToLowerInvariant()
            : Guid.TryParse(id, out var g) ? g.ToString() : throw new ArgumentException("A video or post is hidden by its id.", nameof(id));
        var changed = await store.SetHiddenAsync(kind, item, hidden, by, reason);
        if (changed && kind == TrendingKind.Hashtag)
        {
            await Task.WhenAll(TrendingWindow.All.Select(w => GrainFactory.Ref<ITrendingWindowGrain>(w.Name).ForgetHashtagsAsync()));
        }
        return changed;
    }

    /// <summary>
    /// The window's items that anyone may discover now, best first, the same for every viewer: filtered in PostgreSQL
    /// at most once per <see cref="TrendingOptions.CandidatesTtl"/> by this activation, so a read costs no statement; a
    /// viewer's blocks and mutes are taken out of it in memory.
    /// </summary>
    private ValueTask<IReadOnlyList<TrendingItem>> DiscoverableAsync(TrendingWindow window, TrendingKind kind) =>
        Cached(_shown, (window.Name, kind)).GetAsync(options.Value.CandidatesTtl, async () =>
        {
            var top = await GrainFactory.Ref<ITrendingWindowGrain>(window.Name).TopAsync(kind, Candidates);
            return top.Count == 0 ? [] : await items.ItemsAsync(kind, top, Shown);
        });

    /// <summary>The predicted risers that anyone may discover now, most probable first, with their probability (their
    /// trend score is 0 until they trend).</summary>
    private ValueTask<IReadOnlyList<TrendingItem>> DiscoverableRisersAsync(TrendingKind kind) =>
        Cached(_risers, kind).GetAsync(options.Value.CandidatesTtl, () => LoadRisersAsync(kind));

    private async Task<IReadOnlyList<TrendingItem>> LoadRisersAsync(TrendingKind kind)
    {
        IReadOnlyList<ViralRiser> risers;
        try
        {
            risers = await GrainFactory.Ref<IViralGrain>(0).RisersAsync(kind);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A prediction is an extra: when it cannot be had, trending answers alone (and asks again after the TTL).
            logger.LogWarning("No viral risers for {Kind} ({Error}); trending alone", kind, e.Message);
            risers = [];
        }
        var probability = risers.ToDictionary(r => r.Id, r => r.Probability);
        return risers.Count == 0 ? []
            : [.. (await items.ItemsAsync(kind, [.. risers.Select(r => new TrendingCandidate(r.Id, 0))], Shown)).Select(i => i with { Probability = probability[i.Id] })];
    }

    private RefreshingValue<TValue> Cached<TKey, TValue>(Dictionary<TKey, RefreshingValue<TValue>> values, TKey key) where TKey : notnull
    {
        if (!values.TryGetValue(key, out var value)) values[key] = value = new RefreshingValue<TValue>(clock);
        return value;
    }

    private async Task<HashSet<Guid>> ExcludedAsync(Guid viewer) => [.. await GrainFactory.Ref<ISocialGraphGrain>(viewer).GetHiddenAuthorsAsync()];
}
