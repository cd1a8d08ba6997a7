using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>What Stripe's clock does to a subscription (the stand-in's renew hook ends a period), seen through the
/// webhooks: renewals in the ledger, a refused renewal's grace period, the end, cancellation, and notices at each step.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class SubscriptionLifecycleTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Renewal_Paid_IsInTheLedgerOnce_EvenWhenItsEventsAreDeliveredAgain()
    {
        var (fan, _, id, stripeId) = await SubscribedAsync(amount: 600);

        await api.Stripe.RenewAsync(stripeId, fail: false);
        await api.Stripe.DeliveriesSettledAsync();
        var paid = api.Stripe.Events.Last(e => (string?)e["type"] == "invoice.paid");
        var redelivered = await RedeliverAsync(paid.ToJsonString());

        Assert.Equal("duplicate", redelivered.GetProperty("outcome").GetString());
        var charges = (await api.InvoiceLedgerAsync(id)).Where(l => l.Account == "stripe_balance").Select(l => (l.Reason, l.Amount)).ToList();
        Assert.Equal([("subscription_create", 600L), ("subscription_cycle", 600L)], charges);
        Assert.Equal("active", (await _client.AwaitStatusAsync(fan.Token, id, "active")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task RenewalRefused_PastDueWithinGrace_StillPlays_ThenStripeEndsIt_AndEachStepIsNotified()
    {
        var (fan, video, id, stripeId) = await SubscribedAsync(amount: 600);

        await api.Stripe.RenewAsync(stripeId, fail: true);
        await api.Stripe.DeliveriesSettledAsync();
        var pastDue = await _client.AwaitStatusAsync(fan.Token, id, "past_due");

        Assert.True(pastDue.GetProperty("entitled").GetBoolean());
        Assert.True(pastDue.GetProperty("grace_until").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(2));
        Assert.Equal(HttpStatusCode.OK, await _client.PlayAsync(video, fan.Token));

        await api.Stripe.RenewAsync(stripeId, fail: true);
        await api.Stripe.DeliveriesSettledAsync();
        var ended = await _client.AwaitStatusAsync(fan.Token, id, "canceled");

        Assert.False(ended.GetProperty("entitled").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, await _client.PlayAsync(video, fan.Token));
        var texts = await NoticesAsync(fan.Token);
        Assert.Contains(texts, t => t.StartsWith("You are subscribed to", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("We could not renew", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.EndsWith("has ended.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancelAtPeriodEnd_KeepsThePerksUntilThePeriodEnds_CancelNow_EndsAtOnce()
    {
        var (fan, video, id, stripeId) = await SubscribedAsync(amount: 400);

        var canceling = await (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/subscriptions/{id}", null, fan.Token)).ReadJsonAsync();
        Assert.Equal(("active", true, true), (canceling.GetProperty("status").GetString(), canceling.GetProperty("cancel_at_period_end").GetBoolean(),
            canceling.GetProperty("entitled").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, await _client.PlayAsync(video, fan.Token));

        await api.Stripe.RenewAsync(stripeId, fail: false);
        await api.Stripe.DeliveriesSettledAsync();

        Assert.Equal("canceled", (await _client.AwaitStatusAsync(fan.Token, id, "canceled")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, await _client.PlayAsync(video, fan.Token));
        Assert.Single(await api.InvoiceLedgerAsync(id), l => l.Account == "stripe_balance");

        var (other, otherVideo, otherId, _) = await SubscribedAsync(amount: 400);
        var now = await (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/subscriptions/{otherId}?now=true", null, other.Token)).ReadJsonAsync();
        Assert.Equal(("canceled", false), (now.GetProperty("status").GetString(), now.GetProperty("entitled").GetBoolean()));
        Assert.Equal(HttpStatusCode.Forbidden, await _client.PlayAsync(otherVideo, other.Token));
        var again = await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/subscriptions/{otherId}", null, other.Token);
        await again.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "subscription_not_live");
    }

    /// <summary>A fan subscribed to a creator's tier, and a members-only video of that creator.</summary>
    private async Task<((Guid Id, string Token) Fan, Guid Video, Guid Id, string StripeId)> SubscribedAsync(long amount)
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (creator, fan) = (users[0], users[1]);
        var tier = await _client.TierAsync(creator.Token, 1, amount);
        var video = await api.PlayableVideoAsync(_client, creator);
        await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/access", new { members_only = true }, creator.Token);
        var id = (await _client.SubscribedAsync(fan.Token, tier, "pm_card_visa")).GetProperty("id").GetGuid();
        await api.Stripe.DeliveriesSettledAsync();
        return (fan, video, id, await api.StripeSubscriptionIdAsync(id));
    }

    private async Task<JsonElement> RedeliverAsync(string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/stripe") { Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", api.Stripe.Sign(payload, DateTimeOffset.UtcNow));
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<List<string>> NoticesAsync(string token)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var items = (await (await _client.GetAsync("/api/v1/notifications", token)).ReadJsonAsync()).GetProperty("items");
            var texts = items.EnumerateArray().Where(n => n.GetProperty("type").GetString() == "system").Select(n => n.GetProperty("text").GetString()!).ToList();
            if (texts.Count >= 3 || DateTime.UtcNow > deadline) return texts;
            await Task.Delay(100);
        }
    }
}
