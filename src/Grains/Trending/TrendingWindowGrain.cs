using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Trending;

/// <summary>
/// Level 2, one activation per window (key "1h", "24h", "7d"): the decayed scores of the window's board, fed by every
/// silo's flushes (a call per silo every few seconds, not per like). Loads its last snapshot on activation and writes
/// one on a timer when changed and when deactivated, so a restart loses at most a snapshot interval of engagement.
/// </summary>
public sealed class TrendingWindowGrain(TrendingStore store, IOptions<TrendingOptions> options, TimeProvider clock) : Grain, ITrendingWindowGrain
{
    private TrendingBoard _board = null!;
    private bool _dirty;

    private string Window => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        var window = TrendingWindow.Of(Window) ?? throw new ArgumentException($"Unknown trending window '{Window}'.");
        _board = new TrendingBoard(window.HalfLife, options.Value.MaxItems);
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

    public async Task SnapshotAsync()
    {
        await store.SaveScoresAsync(Window, _board.Entries());
        _dirty = false;
    }

    private Task SnapshotIfChangedAsync() => _dirty ? SnapshotAsync() : Task.CompletedTask;
}
