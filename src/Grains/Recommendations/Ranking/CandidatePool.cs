namespace SocialFlow.Grains.Recommendations.Ranking;

/// <summary>
/// The candidate sources over an <see cref="InteractionGraph"/>, as serving's read model draws them from the tables:
/// followed accounts' newest items, co-engaged items, the most engaged (trending), items tagged with the viewer's top
/// interests, and the newest items (exploration). Never the viewer's own items or what they have seen.
/// </summary>
public static class CandidatePool
{
    public const int PerFollowed = 10, CoEngaged = 300, Trending = 200, TopTags = 5, PerTag = 40, Fresh = 50;

    public static Dictionary<Guid, SourceSet> For(InteractionGraph graph, Guid user, ViewerProfile profile, IReadOnlyList<Guid> recent)
    {
        var seen = graph.HistoryOf(user).Select(i => i.Item).ToHashSet();
        var pool = new Dictionary<Guid, SourceSet>();
        void Add(IEnumerable<Guid> items, SourceSet source)
        {
            foreach (var item in items)
            {
                if (seen.Contains(item) || graph.Items[item].AuthorId == user) continue;
                pool[item] = pool.GetValueOrDefault(item) | source;
            }
        }
        foreach (var author in profile.Followed) Add(graph.ItemsOfAuthor(author).Take(PerFollowed), SourceSet.Followed);
        Add(InteractionGraph.CoEngagedItems(recent, graph.Neighbors, CoEngaged).Select(c => c.Item), SourceSet.CoEngaged);
        Add(graph.Popular.Take(Trending), SourceSet.Trending);
        foreach (var tag in profile.TagWeights.OrderByDescending(t => t.Value).Take(TopTags)) Add(graph.ItemsTagged(tag.Key).Take(PerTag), SourceSet.Interests);
        Add(graph.Newest.Take(Fresh), SourceSet.Fresh);
        return pool;
    }
}
