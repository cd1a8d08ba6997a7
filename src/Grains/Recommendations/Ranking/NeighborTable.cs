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
    /// divided by the number of positives: <see cref="InteractionGraph.CoEngagedItems"/> over this table.</summary>
    public List<(Guid Item, double Score)> CoEngaged(IReadOnlyList<Guid> recent, int count)
    {
        var sums = new Dictionary<int, double>();
        foreach (var positive in recent)
        {
            if (!_number.TryGetValue(positive, out var k)) continue;
            for (var i = _start[k]; i < _start[k + 1]; i++) sums[_neighbor[i]] = sums.GetValueOrDefault(_neighbor[i]) + _score[i];
        }
        return [.. sums.Select(s => (Item: _items[s.Key], Sum: s.Value)).OrderByDescending(s => s.Sum).ThenBy(s => s.Item).Take(count)
            .Select(s => (s.Item, s.Sum / recent.Count))];
    }
}
