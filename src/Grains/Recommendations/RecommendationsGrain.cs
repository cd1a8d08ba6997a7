using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Interests;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Recommendations;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Recommendations.Ranking;

namespace SocialFlow.Grains.Recommendations;

/// <summary>
/// One person's recommendations (key: the user id), in memory only: a ranked list of at most ListSize items. A page
/// waits for a ranking only when the list cannot fill it (the person's first page, after feedback or a removed
/// interest); when fewer than RefillBelow of the asked type remain or the list is older than <see cref="ListLifetime"/>,
/// the page comes from the list as it is and the ranking runs after it, in the background, for the pages that follow (a
/// ranking costs 4–7 ms of CPU, most of it the candidates' statement: never the latency of a page that can be served). A page
/// without a cursor starts a session, a new walk of the list (what an abandoned session showed but the person did not
/// engage with may come again); the pages that follow its cursors never repeat one of its items. A page re-checks what
/// may have changed since the list was ranked (blocks and mutes unless the page's own request ranked it; the item's
/// visibility once the ranking is older than <see cref="TrustRankingFor"/>) and never puts a third item of one author in
/// a row. A first page thus activates no graph or interests grain: the ranking's statements read those tables.
/// </summary>
public sealed partial class RecommendationsGrain(
    ViewerSignalsReadModel signals, RecommendationCandidatesReadModel candidates, RecommendationStore store, CurrentRanker current,
    IOptions<RecommendationOptions> options, TimeProvider clock, ILogger<RecommendationsGrain> logger) : Grain, IRecommendationsGrain
{
    private static readonly TimeSpan ListLifetime = TimeSpan.FromMinutes(5);

    // A page of a list ranked this recently trusts the ranking's own filters (it read the tables then); later pages ask
    // each item's content grain whether the viewer may still see it.
    private static readonly TimeSpan TrustRankingFor = TimeSpan.FromSeconds(10);
    private const int MaxShown = 2_000;

    private List<RankedItem> _list = [];
    private readonly HashSet<Guid> _shown = [];
    private readonly Queue<Guid> _shownOrder = new();
    private long _session;
    private readonly List<Guid> _lastAuthors = [];
    private DateTimeOffset _rankedAt = DateTimeOffset.MinValue;
    private bool _stale = true;
    private Task? _ranking;
    private long _changes;

    private Guid UserId => this.GetPrimaryKey();

    public async Task<RecommendationPage> NextAsync(RecommendationType type, PageCursor? after, int limit)
    {
        limit = PageLimit.Clamp(limit);
        if (after is null || after.At.UtcTicks != _session) StartSession();
        var rankedNow = false;
        if (_stale || Left(type) < limit)
        {
            if (_ranking is { IsCompleted: false } running) await running;
            if (_stale || Left(type) < limit) rankedNow = await RankAsync();
        }
        else if (_ranking is not { IsCompleted: false } && (clock.GetUtcNow() - _rankedAt > ListLifetime || Left(type) < options.Value.RefillBelow))
        {
            _ranking = RankInBackgroundAsync();
        }
        // A list this request ranked left out blocked and muted authors as the tables were then; an older one asks the graph.
        var hidden = rankedNow ? [] : (await GrainFactory.Ref<ISocialGraphGrain>(UserId).GetHiddenAuthorsAsync()).ToHashSet();
        var page = new List<RankedItem>();
        var authors = new List<Guid>(_lastAuthors);
        foreach (var item in _list.Where(i => Matches(i, type) && !_shown.Contains(i.Id) && !hidden.Contains(i.AuthorId)))
        {
            if (page.Count == limit) break;
            if (authors.Count >= 2 && authors[^1] == item.AuthorId && authors[^2] == item.AuthorId) continue;
            page.Add(item);
            authors.Add(item.AuthorId);
        }
        var visible = clock.GetUtcNow() - _rankedAt < TrustRankingFor
            ? [.. page.Select(_ => true)]
            : await Task.WhenAll(page.Select(i => GrainFactory.Ref<IContentGrain>(i.Id).CanViewAsync(UserId)));
        var shown = page.Where((_, k) => visible[k]).Select(i => i.ToRecommended()).ToList();
        var gone = page.Where((_, k) => !visible[k]).Select(i => i.Id).ToHashSet();
        _list.RemoveAll(i => gone.Contains(i.Id) || hidden.Contains(i.AuthorId));
        foreach (var item in shown) Give(item);
        return new RecommendationPage(shown, page.Count == 0 ? null : new PageCursor(new DateTimeOffset(_session, TimeSpan.Zero), page[^1].Id));
    }

    private void StartSession()
    {
        _session = Math.Max(_session + 1, clock.GetUtcNow().UtcTicks);
        _shown.Clear();
        _shownOrder.Clear();
        _lastAuthors.Clear();
    }

    public async Task<bool> FeedbackAsync(Guid itemId, FeedbackSignal signal, int? seconds)
    {
        var content = GrainFactory.Ref<IContentGrain>(itemId);
        if (await content.GetInfoAsync() is not { Kind: ContentKind.Video or ContentKind.Post } info || !await content.CanViewAsync(UserId)) return false;
        await store.SaveFeedbackAsync(UserId, itemId, info.OwnerId, signal, seconds, clock.GetUtcNow());
        _list.RemoveAll(i => i.Id == itemId || (signal == FeedbackSignal.NotInterested && i.AuthorId == info.OwnerId));
        _stale = true;
        _changes++;
        return true;
    }

    public Task ResetAsync()
    {
        _list = [];
        _stale = true;
        _changes++;
        return Task.CompletedTask;
    }

    /// <summary>A ranking after the page that asked for it; a failure leaves the list as it was for the next page to retry.</summary>
    private async Task RankInBackgroundAsync()
    {
        try
        {
            await RankAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not rank the recommendations of {UserId} in the background ({Error}); the list stays", UserId, e.Message);
        }
    }

    /// <summary>Ranks the list anew; false when feedback or a removed interest came meanwhile (the list stays as it was).</summary>
    private async Task<bool> RankAsync()
    {
        var o = options.Value;
        var changes = _changes;
        // Trending with the viral model's predicted risers (the same filters; without a model, trending alone), the same
        // for everyone, with their facts: the candidates' statement only checks them against the viewer. Asked while the
        // viewer's signals are read.
        var trends = GrainFactory.Ref<ITrendingGrain>(0);
        var videos = trends.WithRisersAsync(TrendingKind.Video, "24h", null, PoolSizes.Serving.Trending / 2);
        var posts = trends.WithRisersAsync(TrendingKind.Post, "24h", null, PoolSizes.Serving.Trending / 2);
        var (recent, profile) = await ProfileAsync();
        var trending = (await videos).Concat(await posts).Select(t => new CandidateFacts(
            t.Id, t.Kind == TrendingKind.Video, t.AuthorId, t.CreatedAt, t.Tags, t.Engagements, t.Views, 0, SourceSet.Trending)).ToList();
        var tags = profile.TagWeights.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(CandidatePool.TopTags).Select(t => t.Key).ToList();
        var ranker = current.Ranker;
        var coEngaged = ranker.Neighbors.CoEngaged(recent, PoolSizes.Serving.CoEngaged);
        var found = await candidates.CandidatesAsync(new CandidateQuery(UserId, coEngaged, profile.Followed, tags, trending, o.Exploration, recent.ToHashSet()));
        // Feedback or a removed interest while a background ranking read the tables: its list is out of date (the next page ranks).
        if (changes != _changes) return false;
        var now = clock.GetUtcNow();
        var features = new float[RankingFeatures.Count];
        var ranked = new List<RankedItem>(found.Count);
        foreach (var c in found)
        {
            if (_shown.Contains(c.Id)) continue;
            RankingFeatures.Fill(profile, c, now, features);
            ranked.Add(new RankedItem(c.Id, c.AuthorId, c.CreatedAt.UtcTicks, Math.Round(ranker.Score(features), 4), c.IsVideo, RankingFeatures.Primary(c.Sources)));
        }
        // Sorted in place and cut (a LINQ sort with three keys copied the candidates and their keys into five arrays).
        ranked.Sort(RankedItem.BestFirst);
        if (ranked.Count > o.ListSize) ranked.RemoveRange(o.ListSize, ranked.Count - o.ListSize);
        ranked.TrimExcess();
        _list = ranked;
        _rankedAt = now;
        _stale = false;
        return true;
    }

    private void Give(RecommendedItem item)
    {
        if (_shown.Add(item.Id)) _shownOrder.Enqueue(item.Id);
        while (_shownOrder.Count > MaxShown) _shown.Remove(_shownOrder.Dequeue());
        _lastAuthors.Add(item.AuthorId);
        if (_lastAuthors.Count > 2) _lastAuthors.RemoveAt(0);
    }

    private int Left(RecommendationType type) => _list.Count(i => Matches(i, type) && !_shown.Contains(i.Id));

    private static bool Matches(RankedItem item, RecommendationType type) =>
        type == RecommendationType.Any || (type == RecommendationType.Video) == item.IsVideo;
}
