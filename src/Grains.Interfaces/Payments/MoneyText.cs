using System.Globalization;

namespace SocialFlow.Grains.Interfaces.Payments;

/// <summary>An amount in minor units as people read it ("5.00 EUR", "500 JPY"), for notices and receipts.</summary>
public static class MoneyText
{
    /// <summary>Currencies whose minor unit is the unit itself (Stripe's zero-decimal currencies).</summary>
    private static readonly HashSet<string> ZeroDecimal =
        ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];

    public static string Of(long minorUnits, string currency)
    {
        var code = currency.ToUpperInvariant();
        return ZeroDecimal.Contains(currency.ToLowerInvariant())
            ? string.Create(CultureInfo.InvariantCulture, $"{minorUnits} {code}")
            : string.Create(CultureInfo.InvariantCulture, $"{minorUnits / 100m:0.00} {code}");
    }
}
