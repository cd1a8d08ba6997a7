using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Notifications.Delivery;

/// <summary>Firebase Cloud Messaging HTTP v1. Push is off (deliveries end as "disabled") unless ServiceAccountJson is set.</summary>
public sealed class FcmOptions
{
    public const string Section = "SocialFlow:Notifications:Fcm";

    /// <summary>The service account key file's JSON (client_email, private_key, project_id). Secret: never logged.</summary>
    public string? ServiceAccountJson { get; set; }

    /// <summary>Defaults to the key's project_id.</summary>
    public string? ProjectId { get; set; }

    [Required, Url]
    public string Endpoint { get; set; } = "https://fcm.googleapis.com";

    /// <summary>OAuth2 token endpoint; defaults to the key's token_uri. Tests point it (and Endpoint) at a local server.</summary>
    [Url]
    public string? TokenUri { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(ServiceAccountJson);
}
