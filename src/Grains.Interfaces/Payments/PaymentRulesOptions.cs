using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Interfaces.Payments;

/// <summary>
/// What the API host checks of a payment before any grain call (section SocialFlow:Payments): the currencies accepted,
/// a tip's and a price's bounds (minor units, the same in every currency), and the buyer's refund window. The silo's
/// PaymentsOptions extend it.
/// </summary>
public class PaymentRulesOptions
{
    public const string Section = "SocialFlow:Payments";

    /// <summary>Lower-case ISO 4217 codes, comma-separated.</summary>
    [Required, RegularExpression("^[a-z]{3}(,[a-z]{3})*$", ErrorMessage = "SocialFlow:Payments:Currencies must be lower-case ISO 4217 codes, comma-separated (usd,eur).")]
    public string Currencies { get; set; } = "usd,eur,gbp";

    [Range(1, 100_000_000, ErrorMessage = "SocialFlow:Payments:TipMinimum must be between 1 and 100000000.")]
    public long TipMinimum { get; set; } = 100;

    [Range(1, 100_000_000, ErrorMessage = "SocialFlow:Payments:TipMaximum must be between 1 and 100000000.")]
    public long TipMaximum { get; set; } = 50_000;

    [Range(1, 100_000_000, ErrorMessage = "SocialFlow:Payments:PriceMinimum must be between 1 and 100000000.")]
    public long PriceMinimum { get; set; } = 50;

    [Range(1, 100_000_000, ErrorMessage = "SocialFlow:Payments:PriceMaximum must be between 1 and 100000000.")]
    public long PriceMaximum { get; set; } = 100_000;

    /// <summary>
    /// How long after paying a buyer may refund a video purchase themselves, if they have not played it (a segment
    /// served to them marks it watched); 0 (the default) turns buyers' refunds off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00", ErrorMessage = "SocialFlow:Payments:BuyerRefundWindow must be between 0 and 90 days.")]
    public TimeSpan BuyerRefundWindow { get; set; } = TimeSpan.Zero;

    public IReadOnlyList<string> CurrencyList() => Currencies.Split(',');

    public bool Accepts(string currency) => CurrencyList().Contains(currency, StringComparer.Ordinal);
}
