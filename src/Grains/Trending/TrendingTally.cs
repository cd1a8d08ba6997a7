using System.Security.Cryptography;
using System.Text;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Trending;

/// <summary>
/// Level 1 of the trend computation, one per silo: content grains (likes, bookmarks, views) and the comment handler
/// call <see cref="Record"/> in-process after a fact really changed, which costs a dictionary update and no await, so
/// the like path does not slow down. It counts each (item, account, signal) once per window: a mark remembers when it
/// last counted for each window, so liking and unliking, or watching again, adds nothing until that window has passed.
/// Marks are bounded (<see cref="TrendingOptions.DistinctCapacity"/>, least recently used evicted). The pending
/// partial counts are taken by <see cref="TrendingFlusher"/> every few seconds and sent to the window grains.
/// </summary>
public sealed class TrendingTally(IOptions<TrendingOptions> options, TimeProvider clock)
{
    private readonly FastConcurrentLru<Mark, Counted> _marks = new(options.Value.DistinctCapacity);
    private readonly Lock _lock = new();
    private Dictionary<(string Window, TrendingKind Kind, Guid Id), int[]> _pending = [];

    /// <summary>Records a viewer's view, keyed as the view path keys it ("u:…" signed in, "a:…" anonymous).</summary>
    public void RecordView(TrendingKind kind, Guid item, string viewerKey) => Record(kind, item, ActorOf(viewerKey), TrendingSignal.View);

    public void Record(TrendingKind kind, Guid item, Guid actor, TrendingSignal signal)
    {
        if (kind == TrendingKind.Hashtag) return;
        var now = clock.GetUtcNow().UtcTicks;
        var mark = new Mark(item, actor, signal);
        var windows = TrendingWindow.All;
        // One short lock per silo: exactness (two racing calls must not both count) at the cost of a few uncontended
        // microseconds next to a like's group commit.
        lock (_lock)
        {
            var last = _marks.TryGet(mark, out var seen) ? seen : Counted.Never;
            var next = new long[windows.Count];
            var any = false;
            for (var i = 0; i < windows.Count; i++)
            {
                if (now - last.At[i] < windows[i].Length.Ticks)
                {
                    next[i] = last.At[i];
                    continue;
                }
                next[i] = now;
                any = true;
                var key = (windows[i].Name, kind, item);
                if (!_pending.TryGetValue(key, out var counts)) _pending[key] = counts = new int[4];
                counts[(int)signal]++;
            }
            if (any) _marks.AddOrUpdate(mark, new Counted(next));
        }
    }

    /// <summary>The partial counts since the last call, per window; the tally starts again from nothing.</summary>
    public Dictionary<string, List<TrendingDelta>> Take()
    {
        Dictionary<(string Window, TrendingKind Kind, Guid Id), int[]> taken;
        lock (_lock) (taken, _pending) = (_pending, []);
        var byWindow = new Dictionary<string, List<TrendingDelta>>(StringComparer.Ordinal);
        foreach (var ((window, kind, id), c) in taken)
        {
            if (!byWindow.TryGetValue(window, out var list)) byWindow[window] = list = [];
            list.Add(new TrendingDelta(kind, id, c[(int)TrendingSignal.View], c[(int)TrendingSignal.Like], c[(int)TrendingSignal.Bookmark], c[(int)TrendingSignal.Comment]));
        }
        return byWindow;
    }

    /// <summary>A signed-in viewer is their account; an anonymous viewer id becomes a stable 128-bit id of its own.</summary>
    private static Guid ActorOf(string viewerKey) =>
        viewerKey.StartsWith("u:", StringComparison.Ordinal) && Guid.TryParseExact(viewerKey.AsSpan(2), "N", out var user)
            ? user
            : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(viewerKey)).AsSpan(0, 16));

    private readonly record struct Mark(Guid Item, Guid Actor, TrendingSignal Signal);

    /// <summary>When a mark last counted, per window (ticks; index as <see cref="TrendingWindow.All"/>).</summary>
    private sealed class Counted(long[] at)
    {
        public static readonly Counted Never = new([long.MinValue / 2, long.MinValue / 2, long.MinValue / 2]);

        public long[] At { get; } = at;
    }
}
