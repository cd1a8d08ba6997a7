using SocialFlow.Grains.Interfaces.Analytics;

namespace SocialFlow.ApiHost.Analytics;

/// <summary>
/// The metrics a dashboard shows, read from the rollups: additive counters by name, distinct counts (unique_viewers,
/// active_accounts), average_view_seconds (watch time over views) and revenue (per currency, in minor units).
/// </summary>
public static class AnalyticsMetrics
{
    public static readonly string[] Creator =
    [
        "views", "unique_viewers", "watch_seconds", "average_view_seconds", "likes", "comments", "shares", "followers_gained", "followers_lost",
        "profile_visits", "search_clicks", "ad_impressions", "ad_clicks", "uploads", "revenue", "live_views", "live_watch_seconds",
    ];

    public static readonly string[] Platform =
    [
        "active_accounts", "views", "watch_seconds", "average_view_seconds", "likes", "comments", "shares", "followers_gained", "uploads", "ad_impressions",
        "ad_clicks", "revenue", "live_views", "live_watch_seconds",
    ];

    public static string[] Of(AnalyticsScope scope) => scope == AnalyticsScope.Platform ? Platform : Creator;

    /// <summary>The named metrics of one day or a range, from its counters and distinct counts.</summary>
    public static Dictionary<string, object> Select(IEnumerable<string> names, IReadOnlyDictionary<string, long> counters, IReadOnlyDictionary<string, long> uniques)
    {
        var values = new Dictionary<string, object>();
        foreach (var name in names)
        {
            values[name] = name switch
            {
                "unique_viewers" => uniques.GetValueOrDefault("viewers"),
                "active_accounts" => uniques.GetValueOrDefault("active_accounts"),
                "average_view_seconds" => counters.GetValueOrDefault("views") is > 0 and var views
                    ? Math.Round((double)counters.GetValueOrDefault("watch_seconds") / views, 1) : 0.0,
                "revenue" => counters.Where(c => c.Key.StartsWith("revenue:", StringComparison.Ordinal)).ToDictionary(c => c.Key["revenue:".Length..], c => c.Value),
                _ => counters.GetValueOrDefault(name),
            };
        }
        return values;
    }

    /// <summary>Views by where they came from.</summary>
    public static Dictionary<string, long> Sources(IReadOnlyDictionary<string, long> counters) =>
        counters.Where(c => c.Key.StartsWith("source:", StringComparison.Ordinal)).ToDictionary(c => c.Key["source:".Length..], c => c.Value);
}
