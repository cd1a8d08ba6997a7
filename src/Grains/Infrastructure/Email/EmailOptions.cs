using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Infrastructure.Email;

public sealed class EmailOptions
{
    public const string Section = "SocialFlow:Email";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "no-reply@socialflow.local";

    [Required]
    public string FromName { get; set; } = "SocialFlow";

    /// <summary>When set, mail goes through SendGrid. Secret: never logged.</summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>SendGrid API base address; tests point it at a local HTTP endpoint.</summary>
    [Url]
    public string? SendGridHost { get; set; }

    /// <summary>Where .eml files go when SendGrid is not configured. Defaults to {DataDirectory}/mail.</summary>
    public string? MailDirectory { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;
}
