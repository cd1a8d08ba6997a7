namespace SocialFlow.Grains.Recommendations.Ranking;

/// <summary>An item similar to another by who engaged with both (cosine of their fan sets).</summary>
public readonly record struct Neighbor(Guid Item, float Score);

/// <summary>
/// The history a ranking looks at, in memory: items, who engaged with each, each person's interactions in time order and
/// follows. Answers what serving asks of the tables (a viewer's profile, co-engagement, candidates), so training and
/// the evaluation compute features exactly as serving does.
/// </summary>
public sealed class InteractionGraph
{
    public const int RecentPositives = 50, MaxNeighbors = 50, MaxFansScanned = 2_000;

    private Dictionary<Guid, Neighbor[]>? _neighbors;

    private readonly Dictionary<Guid, List<Guid>> _fans = [];
    private readonly Dictionary<Guid, long> _engagements = [];
    private readonly Dictionary<Guid, long> _views = [];
    private readonly Dictionary<Guid, List<Interaction>> _byUser = [];
    private readonly Dictionary<Guid, HashSet<Guid>> _follows = [];
    private readonly Dictionary<Guid, List<Guid>> _byAuthor = [];
    private readonly Dictionary<string, List<Guid>> _byTag = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<Guid, ItemFacts> Items { get; }

    /// <summary>Items by engagement, most first (popularity; the trending source).</summary>
    public IReadOnlyList<Guid> Popular { get; }

    /// <summary>Items newest first (the fresh source).</summary>
    public IReadOnlyList<Guid> Newest { get; }

    public InteractionGraph(InteractionLog log, DateTimeOffset before)
    {
        Items = log.Items.Where(i => i.CreatedAt < before).ToDictionary(i => i.Id);
        foreach (var i in log.Interactions.Where(i => i.At < before && Items.ContainsKey(i.Item)).OrderBy(i => i.At))
        {
            (_byUser.TryGetValue(i.User, out var list) ? list : _byUser[i.User] = []).Add(i);
            if (i.IsPositive) (_fans.TryGetValue(i.Item, out var fans) ? fans : _fans[i.Item] = []).Add(i.User);
            if (i.IsEngagement) _engagements[i.Item] = _engagements.GetValueOrDefault(i.Item) + 1;
            if (i.Signal is Signal.View or Signal.LongView) _views[i.Item] = _views.GetValueOrDefault(i.Item) + 1;
        }
        foreach (var f in log.Follows.Where(f => f.At < before))
        {
            (_follows.TryGetValue(f.Follower, out var set) ? set : _follows[f.Follower] = []).Add(f.Followee);
        }
        foreach (var item in Items.Values.OrderByDescending(i => i.CreatedAt))
        {
            (_byAuthor.TryGetValue(item.AuthorId, out var list) ? list : _byAuthor[item.AuthorId] = []).Add(item.Id);
            foreach (var tag in item.Tags) (_byTag.TryGetValue(tag, out var tagged) ? tagged : _byTag[tag] = []).Add(item.Id);
        }
        Popular = [.. Items.Keys.OrderByDescending(Engagements).ThenBy(i => i)];
        Newest = [.. Items.Values.OrderByDescending(i => i.CreatedAt).Select(i => i.Id)];
    }

    public long Engagements(Guid item) => _engagements.GetValueOrDefault(item);

    public IReadOnlyList<Interaction> HistoryOf(Guid user) => _byUser.TryGetValue(user, out var list) ? list : [];

    public ViewerProfile ProfileOf(Guid user)
    {
        var profile = new ViewerProfile();
        if (_follows.TryGetValue(user, out var followed)) profile.Followed.UnionWith(followed);
        foreach (var i in HistoryOf(user))
        {
            var item = Items[i.Item];
            if (i.IsPositive)
            {
                profile.AuthorAffinity[item.AuthorId] = profile.AuthorAffinity.GetValueOrDefault(item.AuthorId) + 1;
                foreach (var tag in item.Tags) profile.TagWeights[tag] = profile.TagWeights.GetValueOrDefault(tag) + 1;
            }
            if (i.Signal == Signal.SeeMore) profile.SeeMoreAuthors.Add(item.AuthorId);
            if (i.IsNegative) profile.SkippedAuthors[item.AuthorId] = profile.SkippedAuthors.GetValueOrDefault(item.AuthorId) + 1;
        }
        profile.NormaliseTags();
        return profile;
    }

    public IReadOnlyList<Guid> RecentPositivesOf(Guid user) =>
        [.. HistoryOf(user).Where(i => i.IsPositive).Select(i => i.Item).Reverse().Distinct().Take(RecentPositives)];

    /// <summary>
    /// Item-to-item co-engagement ("liked X also liked Y"): for each item, the items its fans' recent positives share with
    /// it, by cosine of the fan sets, the best <see cref="MaxNeighbors"/>. What retraining stores for serving.
    /// </summary>
    public IReadOnlyDictionary<Guid, Neighbor[]> Neighbors => _neighbors ??= ComputeNeighbors();

    /// <summary>The mean similarity of <paramref name="item"/> to the viewer's recent positives (0 to 1).</summary>
    public static double CoEngagement(Guid item, IReadOnlyList<Guid> recent, IReadOnlyDictionary<Guid, Neighbor[]> neighbors)
    {
        if (recent.Count == 0) return 0;
        var sum = 0.0;
        foreach (var p in recent)
        {
            if (!neighbors.TryGetValue(p, out var list)) continue;
            foreach (var n in list) if (n.Item == item) { sum += n.Score; break; }
        }
        return sum / recent.Count;
    }

    /// <summary>The neighbors of the viewer's recent positives, by summed similarity, best first.</summary>
    public static IEnumerable<(Guid Item, double Score)> CoEngagedItems(IReadOnlyList<Guid> recent, IReadOnlyDictionary<Guid, Neighbor[]> neighbors, int count)
    {
        var scores = new Dictionary<Guid, double>();
        foreach (var p in recent)
        {
            if (!neighbors.TryGetValue(p, out var list)) continue;
            foreach (var n in list) scores[n.Item] = scores.GetValueOrDefault(n.Item) + n.Score;
        }
        return scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(count).Select(s => (s.Key, s.Value / recent.Count));
    }

    private Dictionary<Guid, Neighbor[]> ComputeNeighbors()
    {
        var recent = _byUser.ToDictionary(u => u.Key, u => RecentPositivesOf(u.Key));
        var result = new Dictionary<Guid, Neighbor[]>();
        var items = _fans.Keys.ToArray();
        var lists = new Neighbor[items.Length][];
        Parallel.For(0, items.Length, k =>
        {
            var item = items[k];
            var fans = _fans[item];
            var counts = new Dictionary<Guid, int>();
            foreach (var fan in fans.Skip(Math.Max(0, fans.Count - MaxFansScanned)).Distinct())
            {
                foreach (var other in recent[fan]) if (other != item) counts[other] = counts.GetValueOrDefault(other) + 1;
            }
            var own = Math.Sqrt(fans.Count);
            lists[k] = [.. counts.Where(c => c.Value >= 2 || fans.Count < 10)
                .Select(c => new Neighbor(c.Key, (float)(c.Value / (own * Math.Sqrt(_fans[c.Key].Count)))))
                .OrderByDescending(n => n.Score).ThenBy(n => n.Item).Take(MaxNeighbors)];
        });
        for (var k = 0; k < items.Length; k++) if (lists[k].Length > 0) result[items[k]] = lists[k];
        return result;
    }

    public CandidateFacts Facts(Guid item, double coEngagement, SourceSet sources)
    {
        var i = Items[item];
        return new CandidateFacts(i.Id, i.IsVideo, i.AuthorId, i.CreatedAt, i.Tags, Engagements(item), _views.GetValueOrDefault(item), coEngagement, sources);
    }

    public IEnumerable<Guid> ItemsOfAuthor(Guid author) => _byAuthor.TryGetValue(author, out var list) ? list : [];

    public IEnumerable<Guid> ItemsTagged(string tag) => _byTag.TryGetValue(tag, out var list) ? list : [];
}
