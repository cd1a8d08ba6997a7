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

    /// <summary>The platform's paid plans by key (the free plan is everyone's and needs none). Amounts include tax.</summary>
    public Dictionary<string, PlatformPlanOptions> Plans { get; set; } = new()
    {
        ["premium"] = new() { Name = "Premium", Description = "SocialFlow without ads, with more room and sharper video.", Perks = ["no_ads", "upload_quota_x4", "hd_renditions"] },
    };

    /// <summary>How long a subscriber keeps a subscription's perks after a renewal fails (Stripe: past_due) while Stripe retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "SocialFlow:Payments:SubscriptionGracePeriod must be between 0 and 30 days.")]
    public TimeSpan SubscriptionGracePeriod { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often the reconciliation runs (a reminder: a minute at least).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "SocialFlow:Payments:ReconcileEvery must be between 1 minute and 1 day.")]
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far back the reconciliation reads Stripe's payment intents and invoices.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00", ErrorMessage = "SocialFlow:Payments:ReconcileWindow must be between 1 hour and 30 days.")]
    public TimeSpan ReconcileWindow { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The least a payout moves (minor units, any currency): smaller earnings wait for the next run.</summary>
    [Range(1, 100_000_000, ErrorMessage = "SocialFlow:Payments:MinimumPayout must be between 1 and 100000000.")]
    public long MinimumPayout { get; set; } = 2000;

    /// <summary>How long earnings stay pending (refunds may still take them back) before they can be paid out.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00", ErrorMessage = "SocialFlow:Payments:EarningsPendingPeriod must be between 0 and 90 days.")]
    public TimeSpan EarningsPendingPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often payouts run (a reminder).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "31.00:00:00", ErrorMessage = "SocialFlow:Payments:PayoutEvery must be between 1 minute and 31 days.")]
    public TimeSpan PayoutEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Where Stripe's onboarding sends a creator back to (return) or when its link expired (refresh).</summary>
    [Url(ErrorMessage = "SocialFlow:Payments:ConnectReturnUrl must be an absolute URL.")]
    public string ConnectReturnUrl { get; set; } = "http://127.0.0.1:8080/creators/payouts/ready";

    [Url(ErrorMessage = "SocialFlow:Payments:ConnectRefreshUrl must be an absolute URL.")]
    public string ConnectRefreshUrl { get; set; } = "http://127.0.0.1:8080/creators/payouts/refresh";

    /// <summary>How many open tiers a creator may have.</summary>
    [Range(1, 100, ErrorMessage = "SocialFlow:Payments:MaxTiers must be between 1 and 100.")]
    public int MaxTiers { get; set; } = 10;

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
        foreach (var (key, plan) in Plans)
        {
            if (key.Length is 0 or > 40 || !key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') || key == "free")
            {
                yield return new ValidationResult($"SocialFlow:Payments:Plans:{key} must be named by lower-case letters, digits and _ (and not free).");
            }
            if (plan.Amount <= 0 || plan.Name.Length == 0 || !Accepts(plan.Currency) || plan.Interval is not ("month" or "year"))
            {
                yield return new ValidationResult($"SocialFlow:Payments:Plans:{key} needs a Name, an Amount above 0, one of the Currencies and an Interval (month or year).");
            }
        }
        if (TipMinimum > TipMaximum) yield return new ValidationResult("SocialFlow:Payments:TipMinimum must not exceed TipMaximum.");
        if (PriceMinimum > PriceMaximum) yield return new ValidationResult("SocialFlow:Payments:PriceMinimum must not exceed PriceMaximum.");
    }
}

/// <summary>One paid plan of the platform (SocialFlow:Payments:Plans:{key}); its rank is its place in the list.</summary>
public sealed class PlatformPlanOptions
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string[] Perks { get; set; } = [];

    public long Amount { get; set; } = 999;

    public string Currency { get; set; } = "usd";

    public string Interval { get; set; } = "month";
}
