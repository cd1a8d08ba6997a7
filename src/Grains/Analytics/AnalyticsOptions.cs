using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Analytics;

public sealed class AnalyticsOptions
{
    public const string Section = "SocialFlow:Analytics";

    /// <summary>How long raw events are kept; after that only their rollups remain.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "SocialFlow:Analytics:RawRetention must be between 1 and 3650 days.")]
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often each silo deletes raw events past retention.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "SocialFlow:Analytics:RetentionInterval must be between 1 s and 1 day.")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often new likes are turned into raw events (and counted in the rollups).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "SocialFlow:Analytics:LikeInterval must be between 50 ms and 10 min.")]
    public TimeSpan LikeInterval { get; set; } = TimeSpan.FromSeconds(2);
}
