using System.ComponentModel.DataAnnotations;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// SocialFlow:Payments: the API host's rules (<see cref="PaymentRulesOptions"/>), the platform's fee, the tax rate table by
/// the buyer's country (the country of the card, as Stripe reports it). The Stripe client has its own section, SocialFlow:Payments:Stripe (StripeOptions).
/// </summary>
public sealed class PaymentsOptions : PaymentRulesOptions, IValidatableObject
{
    /// <summary>The platform's part of each price or tip (0.2 = 20 %); the creator's share is the rest.</summary>
    [Range(0.0, 1.0, ErrorMessage = "SocialFlow:Payments:PlatformFeeRate must be between 0 and 1.")]
    public decimal PlatformFeeRate { get; set; } = 0.20m;

    /// <summary>Tax added to a price or tip by the buyer's country (ISO 3166 alpha-2, upper case): DE = 0.19.</summary>
    public Dictionary<string, decimal> TaxRates { get; set; } = [];

    /// <summary>The rate for a country the table does not name.</summary>
    [Range(0.0, 1.0, ErrorMessage = "SocialFlow:Payments:DefaultTaxRate must be between 0 and 1.")]
    public decimal DefaultTaxRate { get; set; }

    public decimal TaxRateOf(string? country) => country is not null && TaxRates.TryGetValue(country, out var rate) ? rate : DefaultTaxRate;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (country, rate) in TaxRates)
        {
            if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper) || rate is < 0 or > 1)
            {
                yield return new ValidationResult($"SocialFlow:Payments:TaxRates:{country} must name an upper-case country code and a rate between 0 and 1.");
            }
        }
        if (TipMinimum > TipMaximum) yield return new ValidationResult("SocialFlow:Payments:TipMinimum must not exceed TipMaximum.");
        if (PriceMinimum > PriceMaximum) yield return new ValidationResult("SocialFlow:Payments:PriceMinimum must not exceed PriceMaximum.");
    }
}
