using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Trending.Viral;

/// <summary>
/// An item's first hour, as the viral model sees it: the distinct engagement it got (views, likes, bookmarks, top-level
/// comments), from how many distinct accounts or viewers, its weighted points (trending's weights) in the first 45 minutes
/// and in the last 15, its author's followers, and its comments' sentiment (content_scores: positive minus negative
/// probability, -1 to 1). <see cref="HorizonPoints"/> is what it went on to earn in its first 24 h (the label's measure;
/// 0 when serving, where the future is unknown).
/// </summary>
public sealed record ViralFacts(
    Guid Id,
    TrendingKind Kind,
    DateTimeOffset CreatedAt,
    long Followers,
    int Views,
    int Likes,
    int Bookmarks,
    int Comments,
    int Actors,
    double EarlyPoints,
    double LatePoints,
    double? MeanSentiment,
    int NegativeComments,
    double HorizonPoints = 0)
{
    /// <summary>The first hour's points by trending's weights: what the raw-count baseline ranks by.</summary>
    public double FirstHourPoints => EarlyPoints + LatePoints;
}
