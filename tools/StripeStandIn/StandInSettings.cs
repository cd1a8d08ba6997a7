namespace SocialFlow.StripeStandIn;

/// <summary>
/// How a stand-in starts: its loopback port (0: any free one), the secret API key callers must present (null: any),
/// the webhook signing secret, and where events are delivered (null: nowhere until <see cref="StripeStandInServer.WebhookUrl"/> is set).
/// </summary>
public sealed record StandInSettings(int Port, string? ApiKey, string WebhookSecret, string? WebhookUrl = null);
