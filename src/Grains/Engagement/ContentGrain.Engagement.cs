using SocialFlow.Grains.Engagement.GroupCommit;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Engagement;

public sealed partial class ContentGrain
{
    private const int MaxViewerKeyLength = 80;
    private const int MaxWatchSeconds = 24 * 3600;

    public Task<EngagementResult> LikeAsync(Guid userId) => WriteAsync(FactKind.Like, userId);
    public Task<EngagementResult> UnlikeAsync(Guid userId) => WriteAsync(FactKind.Unlike, userId);
    public Task<EngagementResult> BookmarkAsync(Guid userId) => WriteAsync(FactKind.Bookmark, userId);
    public Task<EngagementResult> UnbookmarkAsync(Guid userId) => WriteAsync(FactKind.Unbookmark, userId);

    public Task<EngagementResult> ReactAsync(Guid userId, string? reaction)
    {
        if (reaction is not null && !Reactions.IsValid(reaction)) throw new ArgumentException($"Unknown reaction '{reaction}'.", nameof(reaction));
        return WriteAsync(FactKind.React, userId, reaction);
    }

    public async Task<bool> RecordViewAsync(string viewerKey, int? watchSeconds)
    {
        if (string.IsNullOrEmpty(viewerKey) || viewerKey.Length > MaxViewerKeyLength) throw new ArgumentException("Bad viewer key.", nameof(viewerKey));
        if (_info is null || _deleted) return false;
        var outcome = await CommitAsync(EngagementFact.View(Id, viewerKey, Math.Clamp(watchSeconds ?? 0, 0, MaxWatchSeconds)));
        if (outcome.Changed)
        {
            _views++;
            CountersChanged();
            if (TrendingKindOf() is { } kind) trending.RecordView(kind, Id, viewerKey);
        }
        return outcome.Changed;
    }

    private async Task<EngagementResult> WriteAsync(FactKind kind, Guid userId, string? reaction = null)
    {
        if (!await VisibleAsync(userId)) return new EngagementResult(EngagementStatus.NotFound, null);
        ForgetViewer(userId);
        FactOutcome outcome;
        try
        {
            outcome = await CommitAsync(EngagementFact.For(kind, Id, userId, reaction));
        }
        finally
        {
            ForgetViewer(userId); // reads that overlapped the write are not cached either
        }
        if (outcome.Changed)
        {
            Apply(kind, reaction, outcome.PreviousReaction);
            ApplyToEngagers(kind, userId, reaction);
            CountersChanged();
            Trend(kind, userId);
        }
        return new EngagementResult(outcome.Changed ? EngagementStatus.Applied : EngagementStatus.AlreadyInThatState, await CountsAsync());
    }

    /// <summary>
    /// Tells this silo's trending tally (in-process, no await: the like path does not wait for trends) that an account
    /// liked or bookmarked a video or post; taking it back subtracts nothing, the tally counts each account once.
    /// </summary>
    private void Trend(FactKind kind, Guid userId)
    {
        var signal = kind switch
        {
            FactKind.Like => TrendingSignal.Like,
            FactKind.Bookmark => TrendingSignal.Bookmark,
            _ => (TrendingSignal?)null,
        };
        if (signal is { } s && TrendingKindOf() is { } item) trending.Record(item, Id, userId, s);
    }

    private TrendingKind? TrendingKindOf() => _info?.Kind switch
    {
        ContentKind.Video => TrendingKind.Video,
        ContentKind.Post => TrendingKind.Post,
        _ => null,
    };

    /// <summary>Adds exactly what PostgreSQL committed; the same deltas went into content_counters in that statement.</summary>
    private void Apply(FactKind kind, string? reaction, string? previous)
    {
        switch (kind)
        {
            case FactKind.Like: _likes++; break;
            case FactKind.Unlike: _likes--; break;
            case FactKind.Bookmark: _bookmarks++; break;
            case FactKind.Unbookmark: _bookmarks--; break;
            case FactKind.React:
                var next = new Dictionary<string, long>(_reactions, StringComparer.Ordinal);
                if (previous is not null && next.TryGetValue(previous, out var n) && (next[previous] = n - 1) <= 0) next.Remove(previous);
                if (reaction is not null) next[reaction] = next.GetValueOrDefault(reaction) + 1;
                _reactions = next;
                break;
        }
    }

    /// <summary>
    /// A failed batch may or may not have committed, so this activation's counts can no longer be trusted: from now on
    /// they are read from PostgreSQL, and the activation is replaced by a fresh one (which loads them) once idle.
    /// </summary>
    private async Task<FactOutcome> CommitAsync(EngagementFact fact)
    {
        try
        {
            return await writer.CommitAsync(fact);
        }
        catch (CommitOutcomeUnknownException)
        {
            _stale = true;
            DropEngagers();
            DeactivateOnIdle();
            throw;
        }
    }
}
