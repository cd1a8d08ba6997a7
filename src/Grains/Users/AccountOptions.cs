using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Users;

public sealed class AccountOptions
{
    public const string Section = "SocialFlow:Accounts";

    /// <summary>Base of the links put in emails (verification, password reset).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:8080";

    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan VerificationTokenLifetime { get; set; } = TimeSpan.FromDays(2);

    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan ResetTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Open sessions per user; signing in past it ends the least recently used one.</summary>
    [Range(1, 1000)]
    public int MaxSessions { get; set; } = 50;
}
