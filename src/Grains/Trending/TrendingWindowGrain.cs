using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Trending;

/// <summary>
/// Level 2, one activation per window (key "1h", "24h", "7d"): the decayed scores of the window's board, fed by every
/// silo's flushes (a call per silo every few seconds, not per like). Loads its last snapshot on activation and writes
/// one on a timer when changed and when deactivated, so a restart loses at most a snapshot interval of engagement.
/// </summary>
public sealed class TrendingWindowGrain(TrendingStore store, TrendingHashtagsReadModel hashtags, IOptions<TrendingOptions> options, TimeProvider clock)
    : Grain, ITrendingWindowGrain
{
    /// <summary>Hashtags computed per refresh: the most any read may ask for.</summary>
    private const int HashtagsKept = 100;

    private TrendingBoard _board = null!;
    private TrendingWindow _window = null!;
    private bool _dirty;
    private (DateTimeOffset Until, IReadOnlyList<TrendingHashtag> Top)? _hashtags;
    private Task<IReadOnlyList<TrendingHashtag>>? _counting;
    private long _generation;

    private string Window => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        _window = TrendingWindow.Of(Window) ?? throw new ArgumentException($"Unknown trending window '{Window}'.");
        _board = new TrendingBoard(_window.HalfLife, options.Value.MaxItems);
        foreach (var (kind, id, score, at) in await store.LoadScoresAsync(Window)) _board.Restore(kind, id, score, at);
        this.RegisterGrainTimer(_ => SnapshotIfChangedAsync(), new GrainTimerCreationOptions
        {
            DueTime = options.Value.SnapshotInterval, Period = options.Value.SnapshotInterval, Interleave = false, KeepAlive = false,
        });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct) => SnapshotIfChangedAsync();

    public Task AddAsync(IReadOnlyList<TrendingDelta> deltas)
    {
        var now = clock.GetUtcNow();
        foreach (var d in deltas) _board.Add(d.Kind, d.Id, d.Points, now);
        _dirty |= deltas.Count > 0;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TrendingCandidate>> TopAsync(TrendingKind kind, int count) =>
        Task.FromResult(_board.Top(kind, Math.Clamp(count, 1, options.Value.MaxItems), clock.GetUtcNow()));

    /// <summary>
    /// Interleaved (the count may take a while; flushes must not wait for it), and single-flight: reads arriving while a
    /// count runs share it. A count started before <see cref="ForgetHashtagsAsync"/> is neither kept nor joined.
    /// </summary>
    public async Task<IReadOnlyList<TrendingHashtag>> HashtagsAsync(int count)
    {
        var now = clock.GetUtcNow();
        if (_hashtags is { } cached && cached.Until > now) return [.. cached.Top.Take(count)];
        var counting = _counting ??= CountHashtagsAsync(now, _generation);
        try
        {
            return [.. (await counting).Take(count)];
        }
        finally
        {
            if (_counting == counting) _counting = null;
        }
    }

    public Task ForgetHashtagsAsync()
    {
        (_generation, _hashtags, _counting) = (_generation + 1, null, null);
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<TrendingHashtag>> CountHashtagsAsync(DateTimeOffset now, long generation)
    {
        var top = await hashtags.HashtagsAsync(_window.Length, now, HashtagsKept);
        if (generation == _generation) _hashtags = (now + options.Value.HashtagsRefresh, top);
        return top;
    }

    public async Task SnapshotAsync()
    {
        await store.SaveScoresAsync(Window, _board.Entries());
        _dirty = false;
    }

    private Task SnapshotIfChangedAsync() => _dirty ? SnapshotAsync() : Task.CompletedTask;
}
