using System.ComponentModel.DataAnnotations;

namespace SocialFlow.ApiHost.Analytics;

/// <summary>How far an app's clock may be from the server's: events from further ahead, or older, are refused (400).</summary>
public sealed class AnalyticsTrackingOptions
{
    public const string Section = "SocialFlow:Analytics:Tracking";

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "SocialFlow:Analytics:Tracking:MaxFutureSkew must be between 0 and 1 h.")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Apps queue events while offline; older ones are refused.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "SocialFlow:Analytics:Tracking:MaxEventAge must be between 1 min and 7 days.")]
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromHours(24);
}
