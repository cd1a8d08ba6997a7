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
        var overlap = 0.0;
        foreach (var tag in item.Tags) overlap += viewer.TagWeights.GetValueOrDefault(tag);
        var ageHours = Math.Max(0, (now - item.CreatedAt).TotalHours);
        return
        [
            (float)item.CoEngagement,
            viewer.Followed.Contains(item.AuthorId) ? 1 : 0,
            (float)Math.Log(1 + viewer.AuthorAffinity.GetValueOrDefault(item.AuthorId)),
            (float)overlap,
            (float)Math.Log(1 + item.Engagements),
            (float)Math.Log(1 + ageHours),
            (float)((item.Engagements + 1.0) / (item.Views + item.Engagements + 10.0)),
            item.IsVideo ? 1 : 0,
            Has(item.Sources, SourceSet.Followed), Has(item.Sources, SourceSet.CoEngaged), Has(item.Sources, SourceSet.Trending),
            Has(item.Sources, SourceSet.Interests), Has(item.Sources, SourceSet.Fresh),
            viewer.SeeMoreAuthors.Contains(item.AuthorId) ? 1 : 0,
            (float)Math.Log(1 + viewer.SkippedAuthors.GetValueOrDefault(item.AuthorId)),
        ];
    }

    /// <summary>The source shown for an item: the most personal one that found it.</summary>
    public static CandidateSource Primary(SourceSet sources) =>
        sources.HasFlag(SourceSet.Followed) ? CandidateSource.Followed
        : sources.HasFlag(SourceSet.CoEngaged) ? CandidateSource.CoEngaged
        : sources.HasFlag(SourceSet.Interests) ? CandidateSource.Interests
        : sources.HasFlag(SourceSet.Trending) ? CandidateSource.Trending
        : CandidateSource.Fresh;

    private static float Has(SourceSet set, SourceSet flag) => (set & flag) != 0 ? 1 : 0;
}
