using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Payments;

namespace SocialFlow.Grains.Tests.Payments;

/// <summary>The ledger's double-entry rules on their own: every transaction sums to zero, and refunds in any steps reverse
/// the charge exactly, each account in proportion.</summary>
public sealed class LedgerTests
{
    private static PaymentRow Payment(long amount, decimal taxRate, decimal feeRate) => new(
        Guid.NewGuid(), Guid.NewGuid(), "k", "f", PaymentKind.VideoPurchase, Guid.NewGuid(), Guid.NewGuid(), "pm_card_de", "eur", amount,
        Ledger.Part(amount, taxRate), Ledger.Part(amount, feeRate), "DE", taxRate, PaymentStatus.Succeeded, 0, "pi_1", null, DateTimeOffset.UtcNow, null);

    [Theory]
    [InlineData(1000, 0.19, 0.2, new long[] { 1190 })]
    [InlineData(999, 0.19, 0.2, new long[] { 1, 1, 1, 500, 686 })]
    [InlineData(333, 0.07, 0.15, new long[] { 100, 100, 100, 56 })]
    [InlineData(50, 0.0, 0.0, new long[] { 25, 25 })]
    public void Refunds_InSteps_EachBalances_AndTogetherReverseTheChargeExactly(long amount, double taxRate, double feeRate, long[] steps)
    {
        var p = Payment(amount, (decimal)taxRate, (decimal)feeRate);
        Assert.Equal(p.Total, steps.Sum());
        var charge = Ledger.Charge(p);
        Assert.Equal(0, charge.Sum(l => l.Amount));
        var totals = charge.ToDictionary(l => l.Account, l => l.Amount);
        var refunded = 0L;
        foreach (var step in steps)
        {
            var lines = Ledger.Refund(p, refunded, step);
            Assert.Equal(0, lines.Sum(l => l.Amount));
            Assert.Equal(-step, lines.Single(l => l.Account == Ledger.StripeBalance).Amount);
            foreach (var l in lines) totals[l.Account] = totals.GetValueOrDefault(l.Account) + l.Amount;
            refunded += step;
        }
        Assert.All(totals, t => Assert.Equal(0, t.Value));
    }

    [Fact]
    public void Refund_OfAQuarter_ReversesAQuarterOfTheCreatorsShare()
    {
        var p = Payment(1000, 0.2m, 0.2m); // total 1200: creator 800, fee 200, tax 200

        var lines = Ledger.Refund(p, 0, 300);

        Assert.Equal(200, lines.Single(l => l.Account == Ledger.Creator(p.RecipientId)).Amount);
        Assert.Equal(50, lines.Single(l => l.Account == Ledger.PlatformRevenue).Amount);
        Assert.Equal(50, lines.Single(l => l.Account == Ledger.Tax("DE")).Amount);
    }
}
