using System.ComponentModel.DataAnnotations;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Moderation;

/// <summary>SocialFlow:Moderation (ReportsPerHour, read by the API host too, is <see cref="ReportingOptions"/>'s).</summary>
public sealed class ModerationOptions : ReportingOptions
{
    /// <summary>How old a silo's copy of the watched words may get before it reads them again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan WatchedWordsRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claim keeps other moderators off a case.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan ClaimTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after a strike its account may appeal it.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan AppealWindow { get; set; } = TimeSpan.FromDays(20);

    /// <summary>How long a reported chat message is left to its stream's own moderators before the platform queue shows it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ChatEscalation { get; set; } = TimeSpan.FromMinutes(5);
}
