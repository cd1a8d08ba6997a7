using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Interfaces.Moderation;

/// <summary>
/// What the API host reads of the moderation settings (section SocialFlow:Moderation) to take reports: how many one
/// account may file an hour. The silo's ModerationOptions extend it.
/// </summary>
public class ReportingOptions
{
    public const string Section = "SocialFlow:Moderation";

    [Range(1, 10_000)] public int ReportsPerHour { get; set; } = 30;
}
