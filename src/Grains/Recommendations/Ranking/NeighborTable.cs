using System.Runtime.InteropServices;

namespace SocialFlow.Grains.Recommendations.Ranking;

/// <summary>
/// Every item's co-engaged neighbors in the form a silo keeps beside its model: items numbered, each item's list one
/// slice of two arrays (8 bytes a pair, against 20 as <see cref="Neighbor"/> structs in an array per item, and no
/// object per item for the collector to trace). 2,133,799 pairs at the evaluation's size: about 17 MB plus the index.
/// </summary>
public sealed class NeighborTable
{
    private readonly Dictionary<Guid, int> _number;
    private readonly Guid[] _items;
    private readonly int[] _start; // item k's slice: [_start[k], _start[k + 1])
    private readonly int[] _neighbor;
    private readonly float[] _score;

    [ThreadStatic] private static Scratch? _scratch;

    private NeighborTable(Dictionary<Guid, int> number, Guid[] items, int[] start, int[] neighbor, float[] score) =>
        (_number, _items, _start, _neighbor, _score) = (number, items, start, neighbor, score);

    public static NeighborTable Empty { get; } = From([]);

    /// <summary>Items with a list.</summary>
    public int Items { get; private init; }

    public int Pairs => _neighbor.Length;

    public static NeighborTable From(IReadOnlyDictionary<Guid, Neighbor[]> lists) =>
        From(lists.SelectMany(l => l.Value.Select(n => (l.Key, n.Item, n.Score))));

    /// <summary>Builds the table from (item, neighbor, score) rows in any order.</summary>
    public static NeighborTable From(IEnumerable<(Guid Item, Guid Neighbor, float Score)> pairs)
    {
        var number = new Dictionary<Guid, int>();
        var items = new List<Guid>();
        int Number(Guid id)
        {
            if (number.TryGetValue(id, out var n)) return n;
            number[id] = items.Count;
            items.Add(id);
            return items.Count - 1;
        }
        var (owners, neighbors, scores) = (new List<int>(), new List<int>(), new List<float>());
        foreach (var (item, neighbor, score) in pairs)
        {
            owners.Add(Number(item));
            neighbors.Add(Number(neighbor));
            scores.Add(score);
        }
        // A counting sort by owner: each item's pairs become one slice.
        var start = new int[items.Count + 1];
        foreach (var owner in owners) start[owner + 1]++;
        for (var k = 0; k < items.Count; k++) start[k + 1] += start[k];
        var (next, sliced, slicedScores) = ((int[])start.Clone(), new int[owners.Count], new float[owners.Count]);
        for (var i = 0; i < owners.Count; i++)
        {
            var at = next[owners[i]]++;
            (sliced[at], slicedScores[at]) = (neighbors[i], scores[i]);
        }
        var withList = 0;
        for (var k = 0; k < items.Count; k++) withList += start[k + 1] > start[k] ? 1 : 0;
        return new NeighborTable(number, [.. items], start, sliced, slicedScores) { Items = withList };
    }

    /// <summary>The neighbors of the viewer's recent positives by summed similarity, best first (ties by id), each score
    /// divided by the number of positives: <see cref="InteractionGraph.CoEngagedItems"/> over this table. Sums in the
    /// thread's <see cref="Scratch"/> and keeps the best <paramref name="count"/> in a bounded heap: up to 2,500 pairs a
    /// ranking, whose new dictionary and full sort were a fifth of a ranking's allocations (session 45).</summary>
    public List<(Guid Item, double Score)> CoEngaged(IReadOnlyList<Guid> recent, int count)
    {
        var scratch = _scratch ??= new Scratch();
        var (sums, best) = (scratch.Sums, scratch.Best);
        sums.Clear();
        best.Clear();
        foreach (var positive in recent)
        {
            if (!_number.TryGetValue(positive, out var k)) continue;
            for (var i = _start[k]; i < _start[k + 1]; i++)
            {
                ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, _neighbor[i], out _);
                sum += _score[i];
            }
        }
        foreach (var (number, sum) in sums)
        {
            var entry = (sum, _items[number]);
            if (best.Count < count) best.Enqueue(entry, entry);
            else if (count > 0 && WorstFirst.Instance.Compare(entry, best.Peek()) > 0) best.EnqueueDequeue(entry, entry);
        }
        var found = new List<(Guid Item, double Score)>(best.Count);
        while (best.TryDequeue(out var entry, out _)) found.Add((entry.Item, entry.Sum / recent.Count));
        found.Reverse();
        return found;
    }

    /// <summary>One thread's working space for <see cref="CoEngaged"/> (a call never awaits): cleared, not reallocated.</summary>
    private sealed class Scratch
    {
        public readonly Dictionary<int, double> Sums = [];
        public readonly PriorityQueue<(double Sum, Guid Item), (double Sum, Guid Item)> Best = new(WorstFirst.Instance);
    }

    /// <summary>The lower sum first, and of equal sums the greater id: the heap's top is the kept entry that ranks last.</summary>
    private sealed class WorstFirst : IComparer<(double Sum, Guid Item)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Sum, Guid Item) x, (double Sum, Guid Item) y)
        {
            var bySum = x.Sum.CompareTo(y.Sum);
            return bySum != 0 ? bySum : y.Item.CompareTo(x.Item);
        }
    }
}
