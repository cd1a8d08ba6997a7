using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Infrastructure.Stripe;

/// <summary>
/// SocialFlow:Payments:Stripe: where Stripe is (ApiBase: Stripe's own address by default, the project's stand-in for
/// make run and the tests) and the secret API key. Payments are off while SecretKey is empty (paying answers 503).
/// The key is never logged (this class has no ToString of its own to leak it, and nothing logs options).
/// </summary>
public sealed class StripeOptions : IValidatableObject
{
    public const string Section = "SocialFlow:Payments:Stripe";

    public string ApiBase { get; set; } = "https://api.stripe.com";

    public string SecretKey { get; set; } = "";

    /// <summary>How long one call to Stripe may take before it counts as unavailable.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool Enabled => SecretKey.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(ApiBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("SocialFlow:Payments:Stripe:ApiBase must be an absolute http(s) URL.");
        }
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(2))
        {
            yield return new ValidationResult("SocialFlow:Payments:Stripe:Timeout must be between 0 and 2 minutes.");
        }
    }
}
