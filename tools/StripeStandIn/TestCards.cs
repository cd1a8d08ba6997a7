namespace SocialFlow.StripeStandIn;

/// <summary>What a test payment method does when an intent is confirmed with it (named after Stripe's own test ids).</summary>
internal enum CardOutcome { Succeeds, RequiresAction, Declined }

internal sealed record TestCard(string Id, string Brand, string Country, string Last4, CardOutcome Outcome, string? DeclineCode = null);

internal static class TestCards
{
    private static readonly Dictionary<string, TestCard> All = new[]
    {
        new TestCard("pm_card_visa", "visa", "US", "4242", CardOutcome.Succeeds),
        new TestCard("pm_card_mastercard", "mastercard", "US", "4444", CardOutcome.Succeeds),
        new TestCard("pm_card_de", "visa", "DE", "0016", CardOutcome.Succeeds),
        new TestCard("pm_card_fr", "visa", "FR", "0003", CardOutcome.Succeeds),
        new TestCard("pm_card_gb", "visa", "GB", "0005", CardOutcome.Succeeds),
        new TestCard("pm_card_threeDSecure2Required", "visa", "US", "3220", CardOutcome.RequiresAction),
        new TestCard("pm_card_authenticationRequired", "visa", "US", "3184", CardOutcome.RequiresAction),
        new TestCard("pm_card_chargeDeclined", "visa", "US", "0002", CardOutcome.Declined, "generic_decline"),
        new TestCard("pm_card_chargeDeclinedInsufficientFunds", "visa", "US", "9995", CardOutcome.Declined, "insufficient_funds"),
    }.ToDictionary(c => c.Id);

    public static TestCard? Find(string? id) => id is not null && All.TryGetValue(id, out var card) ? card : null;
}
