using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Trending;

/// <summary>
/// The decayed scores of one window: per item, a score that halves every half-life, kept as (score, as of) and
/// brought forward only when touched, so adding is O(1) and time passing costs nothing. Bounded: past
/// <c>maxItems</c> × 5/4 items of a kind, the lowest scores now are pruned back to <c>maxItems</c>. Since every score
/// decays by the same factor, the order of a kind changes only when points are added, so the sorted order is
/// cached until then.
/// </summary>
public sealed class TrendingBoard(TimeSpan halfLife, int maxItems)
{
    private readonly Dictionary<(TrendingKind Kind, Guid Id), Entry> _entries = [];
    private readonly Dictionary<TrendingKind, int> _counts = [];
    private readonly Dictionary<TrendingKind, (Guid Id, Entry Entry)[]> _sorted = [];

    public int Count => _entries.Count;

    public void Add(TrendingKind kind, Guid id, double points, DateTimeOffset now)
    {
        if (points <= 0) return;
        var key = (kind, id);
        if (_entries.TryGetValue(key, out var entry)) _entries[key] = new Entry(entry.ScoreAt(now, halfLife) + points, now);
        else
        {
            _entries[key] = new Entry(points, now);
            var count = _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
            if (count > maxItems + (maxItems / 4)) Prune(kind, now);
        }
        _sorted.Remove(kind);
    }

    /// <summary>Restores a snapshot's entry as it was scored then.</summary>
    public void Restore(TrendingKind kind, Guid id, double score, DateTimeOffset at)
    {
        if (_entries.TryAdd((kind, id), new Entry(score, at))) _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        _sorted.Remove(kind);
    }

    public double ScoreOf(TrendingKind kind, Guid id, DateTimeOffset now) =>
        _entries.TryGetValue((kind, id), out var e) ? e.ScoreAt(now, halfLife) : 0;

    public IReadOnlyList<TrendingCandidate> Top(TrendingKind kind, int count, DateTimeOffset now)
    {
        if (!_sorted.TryGetValue(kind, out var sorted))
        {
            // Comparing at one common time is comparing the order of every later time too.
            sorted = [.. _entries.Where(e => e.Key.Kind == kind).Select(e => (e.Key.Id, e.Value)).OrderByDescending(e => e.Value.ScoreAt(now, halfLife))];
            _sorted[kind] = sorted;
        }
        return [.. sorted.Take(count).Select(e => new TrendingCandidate(e.Id, e.Entry.ScoreAt(now, halfLife)))];
    }

    /// <summary>Every entry as scored when last touched (for a snapshot).</summary>
    public IEnumerable<(TrendingKind Kind, Guid Id, double Score, DateTimeOffset At)> Entries() =>
        _entries.Select(e => (e.Key.Kind, e.Key.Id, e.Value.Score, e.Value.At));

    private void Prune(TrendingKind kind, DateTimeOffset now)
    {
        var tail = _entries.Where(e => e.Key.Kind == kind).OrderByDescending(e => e.Value.ScoreAt(now, halfLife)).Skip(maxItems).Select(e => e.Key).ToList();
        foreach (var key in tail) _entries.Remove(key);
        _counts[kind] -= tail.Count;
    }

    private readonly record struct Entry(double Score, DateTimeOffset At)
    {
        public double ScoreAt(DateTimeOffset now, TimeSpan halfLife) =>
            now <= At ? Score : Score * Math.Pow(2, -(now - At).TotalSeconds / halfLife.TotalSeconds);
    }
}
