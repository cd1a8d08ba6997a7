using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Trending.Viral;

/// <summary>
/// The viral model's features of an item at one hour old: engagement per follower of the author (and raw), distinct
/// actors, the author's audience, comment sentiment, the kind, and the velocity's trend (points a minute in the last
/// 15 minutes over those of the first 45: above 1 is accelerating).
/// </summary>
public static class ViralFeatures
{
    public const int Count = 16;

    public static readonly string[] Names =
    [
        "views_per_follower", "likes_per_follower", "bookmarks_per_follower", "comments_per_follower", "actors_per_follower",
        "views", "likes", "bookmarks", "comments", "actors", "log_followers", "mean_sentiment", "negative_share", "is_video",
        "acceleration", "first_hour_points",
    ];

    public static float[] Of(ViralFacts f)
    {
        // +1: an author with no followers yet must not divide by zero, and a first follower should not read as infinite reach.
        var audience = f.Followers + 1.0;
        var earlyRate = f.EarlyPoints / 45.0;
        var lateRate = f.LatePoints / 15.0;
        return
        [
            (float)(f.Views / audience), (float)(f.Likes / audience), (float)(f.Bookmarks / audience), (float)(f.Comments / audience),
            (float)(f.Actors / audience),
            f.Views, f.Likes, f.Bookmarks, f.Comments, f.Actors, (float)Math.Log(audience),
            (float)(f.MeanSentiment ?? 0), f.Comments == 0 ? 0f : (float)f.NegativeComments / f.Comments,
            f.Kind == TrendingKind.Video ? 1f : 0f,
            // Smoothed (+1 point a minute-equivalent on both sides) so that one late view is not an infinite rise.
            (float)((lateRate + 1.0 / 15) / (earlyRate + 1.0 / 15)),
            (float)f.FirstHourPoints,
        ];
    }
}
