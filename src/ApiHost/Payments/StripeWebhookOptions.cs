using System.ComponentModel.DataAnnotations;

namespace SocialFlow.ApiHost.Payments;

/// <summary>
/// What the API host needs to verify Stripe's webhooks (section SocialFlow:Payments:Stripe): the endpoint's signing
/// secret (whsec_…; never logged) and how old a signature may be. With no secret, every delivery is refused (400): the
/// endpoint fails closed.
/// </summary>
public sealed class StripeWebhookOptions
{
    public const string Section = "SocialFlow:Payments:Stripe";

    public string WebhookSecret { get; set; } = "";

    [Range(1, 3600, ErrorMessage = "SocialFlow:Payments:Stripe:WebhookToleranceSeconds must be between 1 and 3600.")]
    public long WebhookToleranceSeconds { get; set; } = 300;
}
