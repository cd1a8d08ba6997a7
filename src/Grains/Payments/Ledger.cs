namespace SocialFlow.Grains.Payments;

/// <summary>One line of a ledger transaction: debits positive, credits negative, minor units of the transaction's currency.</summary>
public sealed record LedgerLine(string Account, long Amount);

/// <summary>
/// The double-entry rules of the payments domain, as pure functions (PaymentStore writes what they return). A charge:
/// Stripe's balance is debited the total; the creator's share, the platform's fee and the tax are credited. A refund of
/// r: the same accounts reversed in proportion to r over the total, rounded on cumulative amounts so that refunds adding
/// up to the total reverse exactly the charge (the platform takes the rounding of each step). Every set of lines sums to zero.
/// </summary>
public static class Ledger
{
    public const string StripeBalance = "stripe_balance";
    public const string PlatformRevenue = "platform_revenue";

    public static string Creator(Guid userId) => $"creator:{userId}";

    public static string Tax(string? country) => $"tax:{country ?? "unknown"}";

    /// <summary>A part of an amount at a rate, rounded half away from zero.</summary>
    public static long Part(long amount, decimal rate) => (long)Math.Round(amount * rate, MidpointRounding.AwayFromZero);

    public static IReadOnlyList<LedgerLine> Charge(PaymentRow p) => Lines(
        (StripeBalance, p.Total), (Creator(p.RecipientId), -(p.Amount - p.Fee)), (PlatformRevenue, -p.Fee), (Tax(p.Country), -p.Tax));

    /// <summary>A subscription's paid invoice: Stripe's balance is debited what was paid; the tax it includes, the
    /// platform's fee and the creator's share (none for a platform plan, <paramref name="recipientId"/> null) are credited.</summary>
    public static IReadOnlyList<LedgerLine> SubscriptionCharge(long total, long tax, long fee, Guid? recipientId, string? country) => recipientId is { } creator
        ? Lines((StripeBalance, total), (Creator(creator), -(total - tax - fee)), (PlatformRevenue, -fee), (Tax(country), -tax))
        : Lines((StripeBalance, total), (PlatformRevenue, -(total - tax)), (Tax(country), -tax));

    /// <summary>A payout: the creator's earnings leave Stripe's balance for their connected account.</summary>
    public static IReadOnlyList<LedgerLine> Payout(Guid creatorId, long amount) => Lines((Creator(creatorId), amount), (StripeBalance, -amount));

    /// <summary>Ad revenue settled (AdStore): the advertiser's account is debited the spend; the creator is credited
    /// <paramref name="creatorShare"/> and the platform the rest.</summary>
    public static IReadOnlyList<LedgerLine> AdRevenue(Guid advertiserId, Guid creatorId, long spend, long creatorShare) =>
        Lines((Advertiser(advertiserId), spend), (Creator(creatorId), -creatorShare), (PlatformRevenue, -(spend - creatorShare)));

    public static string Advertiser(Guid userId) => $"advertiser:{userId}";

    /// <summary>The tax included in a tax-inclusive amount at a rate: amount − amount / (1 + rate), rounded half away from zero.</summary>
    public static long IncludedTax(long amount, decimal rate) => amount - (long)Math.Round(amount / (1 + rate), MidpointRounding.AwayFromZero);

    /// <summary>The reversal of <paramref name="amount"/> after <paramref name="refundedBefore"/> had been refunded.</summary>
    public static IReadOnlyList<LedgerLine> Refund(PaymentRow p, long refundedBefore, long amount)
    {
        var after = refundedBefore + amount;
        var share = p.Amount - p.Fee;
        var tax = Cumulative(p.Tax, after, p.Total) - Cumulative(p.Tax, refundedBefore, p.Total);
        var creator = Cumulative(share, after, p.Total) - Cumulative(share, refundedBefore, p.Total);
        var fee = amount - tax - creator;
        return Lines((StripeBalance, -amount), (Creator(p.RecipientId), creator), (PlatformRevenue, fee), (Tax(p.Country), tax));
    }

    private static long Cumulative(long component, long refunded, long total) =>
        (long)Math.Round((decimal)component * refunded / total, MidpointRounding.AwayFromZero);

    private static List<LedgerLine> Lines(params (string Account, long Amount)[] lines) =>
        [.. lines.Where(l => l.Amount != 0).Select(l => new LedgerLine(l.Account, l.Amount))];
}
