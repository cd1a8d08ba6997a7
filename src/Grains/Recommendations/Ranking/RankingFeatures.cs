using SocialFlow.Grains.Interfaces.Recommendations;

namespace SocialFlow.Grains.Recommendations.Ranking;

/// <summary>What the ranking knows of one candidate item: its facts, how strongly it is co-engaged with the viewer's recent
/// positives (0 to 1), and the sources that found it.</summary>
public sealed record CandidateFacts(
    Guid Id, bool IsVideo, Guid AuthorId, DateTimeOffset CreatedAt, IReadOnlyList<string> Tags, long Engagements, long Views,
    double CoEngagement, SourceSet Sources);

/// <summary>The sources that found a candidate (several may find the same item).</summary>
[Flags]
public enum SourceSet { None = 0, Followed = 1, CoEngaged = 2, Trending = 4, Interests = 8, Fresh = 16 }

/// <summary>What the ranking knows of the viewer: authors they follow and engaged with, their tag weights, their feedback.</summary>
public sealed class ViewerProfile
{
    public HashSet<Guid> Followed { get; } = [];
    public Dictionary<Guid, int> AuthorAffinity { get; } = [];
    public Dictionary<string, double> TagWeights { get; } = new(StringComparer.Ordinal);
    public HashSet<Guid> SeeMoreAuthors { get; } = [];
    public Dictionary<Guid, int> SkippedAuthors { get; } = [];

    /// <summary>Turns tag counts into shares (they then sum to 1), so a heavy user's overlap weighs like a light one's.</summary>
    public void NormaliseTags()
    {
        var total = TagWeights.Values.Sum();
        if (total <= 0) return;
        foreach (var tag in TagWeights.Keys.ToList()) TagWeights[tag] /= total;
    }
}

/// <summary>The model's features: one definition for training, serving and the evaluation.</summary>
public static class RankingFeatures
{
    public const int Count = 15;

    public static readonly string[] Names =
    [
        "co_engagement", "follows_author", "author_affinity", "tag_overlap", "popularity", "age_hours", "engagement_rate",
        "is_video", "src_followed", "src_co_engaged", "src_trending", "src_interests", "src_fresh", "see_more_author", "skipped_author",
    ];

    public static float[] Of(ViewerProfile viewer, CandidateFacts item, DateTimeOffset now)
    {
        var features = new float[Count];
        Fill(viewer, item, now, features);
        return features;
    }

    /// <summary>Writes the features into <paramref name="features"/> (a ranking scores hundreds of candidates with one array).</summary>
    public static void Fill(ViewerProfile viewer, CandidateFacts item, DateTimeOffset now, Span<float> features)
    {
        var overlap = 0.0;
        // Indexed: a foreach over the interface allocated an enumerator for every candidate scored.
        for (var i = 0; i < item.Tags.Count; i++) overlap += viewer.TagWeights.GetValueOrDefault(item.Tags[i]);
        var ageHours = Math.Max(0, (now - item.CreatedAt).TotalHours);
        features[0] = (float)item.CoEngagement;
        features[1] = viewer.Followed.Contains(item.AuthorId) ? 1 : 0;
        features[2] = (float)Math.Log(1 + viewer.AuthorAffinity.GetValueOrDefault(item.AuthorId));
        features[3] = (float)overlap;
        features[4] = (float)Math.Log(1 + item.Engagements);
        features[5] = (float)Math.Log(1 + ageHours);
        features[6] = (float)((item.Engagements + 1.0) / (item.Views + item.Engagements + 10.0));
        features[7] = item.IsVideo ? 1 : 0;
        features[8] = Has(item.Sources, SourceSet.Followed);
        features[9] = Has(item.Sources, SourceSet.CoEngaged);
        features[10] = Has(item.Sources, SourceSet.Trending);
        features[11] = Has(item.Sources, SourceSet.Interests);
        features[12] = Has(item.Sources, SourceSet.Fresh);
        features[13] = viewer.SeeMoreAuthors.Contains(item.AuthorId) ? 1 : 0;
        features[14] = (float)Math.Log(1 + viewer.SkippedAuthors.GetValueOrDefault(item.AuthorId));
    }

    /// <summary>The source shown for an item: the most personal one that found it.</summary>
    public static CandidateSource Primary(SourceSet sources) =>
        Includes(sources, SourceSet.Followed) ? CandidateSource.Followed
        : Includes(sources, SourceSet.CoEngaged) ? CandidateSource.CoEngaged
        : Includes(sources, SourceSet.Interests) ? CandidateSource.Interests
        : Includes(sources, SourceSet.Trending) ? CandidateSource.Trending
        : CandidateSource.Fresh;

    private static float Has(SourceSet set, SourceSet flag) => Includes(set, flag) ? 1 : 0;

    /// <summary>A bit test, not <see cref="Enum.HasFlag"/>: boxed SourceSets were 5 % of a ranking's allocations.</summary>
    private static bool Includes(SourceSet set, SourceSet flag) => (set & flag) != 0;
}
