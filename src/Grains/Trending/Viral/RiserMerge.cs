using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Trending.Viral;

/// <summary>
/// Trending's list with the predicted risers merged in: a trending item the model predicted keeps its place and carries
/// its probability; a riser not trending yet takes one place in every <c>stride</c> (the last of each run), most probable
/// first, so that what already trends still leads; once either list runs out the other fills the rest.
/// </summary>
public static class RiserMerge
{
    public static List<TrendingItem> Merge(IReadOnlyList<TrendingItem> trending, IReadOnlyList<TrendingItem> risers, int stride)
    {
        var probability = risers.Where(r => r.Probability is not null).ToDictionary(r => r.Id, r => r.Probability);
        var shown = trending.Select(t => t.Id).ToHashSet();
        var rising = new Queue<TrendingItem>(risers.Where(r => !shown.Contains(r.Id)));
        var merged = new List<TrendingItem>(trending.Count + rising.Count);
        var next = 0;
        while (next < trending.Count || rising.Count > 0)
        {
            var riserTurn = merged.Count % stride == stride - 1 || next >= trending.Count;
            if (riserTurn && rising.Count > 0)
            {
                merged.Add(rising.Dequeue());
                continue;
            }
            var item = trending[next++];
            merged.Add(probability.TryGetValue(item.Id, out var p) ? item with { Probability = p } : item);
        }
        return merged;
    }
}
