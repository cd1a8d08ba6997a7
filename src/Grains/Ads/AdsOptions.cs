using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Ads;

/// <summary>SocialFlow:Ads — serving, pacing and the creators' share.</summary>
public sealed class AdsOptions
{
    public const string Section = "SocialFlow:Ads";

    /// <summary>How long an ad's impression and click tokens stay valid; its reservation is released after it, unused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "SocialFlow:Ads:ServeLifetime must be between 1 second and 1 day.")]
    public TimeSpan ServeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The creator's part of what advertisers spend on their videos (0.55 = 55 %); the platform keeps the rest.</summary>
    [Range(0.0, 1.0, ErrorMessage = "SocialFlow:Ads:CreatorShare must be between 0 and 1.")]
    public decimal CreatorShare { get; set; } = 0.55m;

    /// <summary>How often a campaign credits its spend to creators (one ledger transaction per creator, video and day).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "SocialFlow:Ads:SettleEvery must be between 100 ms and 1 day.")]
    public TimeSpan SettleEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How old each silo's list of serving campaigns may be.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "SocialFlow:Ads:CatalogRefresh must be between 0 and 10 minutes.")]
    public TimeSpan CatalogRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How far ahead of an even pace over the day a campaign may spend its daily budget.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "SocialFlow:Ads:PacingLead must be between 0 and 1 day.")]
    public TimeSpan PacingLead { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the pacing throttle compares the observed spend with the even pace and adapts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "SocialFlow:Ads:PacingWindow must be between 1 second and 1 hour.")]
    public TimeSpan PacingWindow { get; set; } = TimeSpan.FromMinutes(1);
}
