using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>`POST /webhooks/stripe`: signatures as Stripe makes them (Stripe.net's own EventUtility, through the stand-in),
/// one effect per event however it is delivered, Stripe's current state over the event's copy, unknown types ignored.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class StripeWebhookTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Webhook_SameEventTwentyTimesConcurrently_AppliedExactlyOnce()
    {
        var (paymentId, intentId) = await AwaitingAuthenticationAsync();
        var e = await api.Stripe.AuthenticateAsync(intentId, succeed: true, deliver: false);
        var payload = e.ToJsonString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => DeliverAsync(payload, api.Stripe.Sign(payload, DateTimeOffset.UtcNow))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(1, answers.Count(a => a.Outcome == "applied"));
        Assert.Equal(19, answers.Count(a => a.Outcome == "duplicate"));
        Assert.Single(await api.LedgerAsync(paymentId), l => l.Account == "stripe_balance");
        Assert.Equal(1, await api.ScalarAsync("SELECT count(*) FROM stripe_events WHERE id = $1", (string)e["id"]!));
        Assert.Equal(1, await api.ScalarAsync("SELECT count(*) FROM payments WHERE id = $1 AND status = 'succeeded'", paymentId));
    }

    [Fact]
    public async Task Webhook_MissingWrongOrStaleSignature_Is400_AndChangesNothing()
    {
        var (paymentId, intentId) = await AwaitingAuthenticationAsync();
        var e = await api.Stripe.AuthenticateAsync(intentId, succeed: true, deliver: false);
        var payload = e.ToJsonString();
        var good = api.Stripe.Sign(payload, DateTimeOffset.UtcNow);

        var answers = new[]
        {
            await PostAsync(payload, null),
            await PostAsync(payload, good.Replace("v1=", "v1=0", StringComparison.Ordinal)),
            await PostAsync(payload, api.Stripe.Sign(payload, DateTimeOffset.UtcNow.AddSeconds(-301))),
            await PostAsync(payload.Replace("\"livemode\":false", "\"livemode\":true", StringComparison.Ordinal), good),
        };

        foreach (var answer in answers) await answer.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_signature");
        Assert.Empty(await api.LedgerAsync(paymentId));
        Assert.Equal(0, await api.ScalarAsync("SELECT count(*) FROM stripe_events WHERE id = $1", (string)e["id"]!));
        Assert.Equal(1, await api.ScalarAsync("SELECT count(*) FROM payments WHERE id = $1 AND status = 'requires_action'", paymentId));
    }

    [Fact]
    public async Task Webhook_StaleFailureAfterSuccess_PaymentFollowsStripesCurrentState()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var paid = await _client.PaidAsync(users[0].Token, new { kind = "tip", target_id = users[1].Id, amount = 300, currency = "usd", payment_method_id = "pm_card_visa" });
        var id = paid.GetProperty("id").GetGuid();
        var succeeded = api.Stripe.Events.Last(e => (string?)e["data"]!["object"]!["metadata"]!["payment_id"] == id.ToString());
        // An older event about the same intent, arriving late: Stripe's copy says it failed, Stripe itself says succeeded.
        var stale = (JsonObject)succeeded.DeepClone();
        stale["id"] = "evt_stale_" + Guid.NewGuid().ToString("N");
        stale["type"] = "payment_intent.payment_failed";
        stale["data"]!["object"]!["status"] = "requires_payment_method";
        var payload = stale.ToJsonString();

        var answer = await DeliverAsync(payload, api.Stripe.Sign(payload, DateTimeOffset.UtcNow));

        Assert.Equal((HttpStatusCode.OK, "applied"), (answer.Status, answer.Outcome));
        Assert.Equal(1, await api.ScalarAsync("SELECT count(*) FROM payments WHERE id = $1 AND status = 'succeeded'", id));
        Assert.Single(await api.LedgerAsync(id), l => l.Account == "stripe_balance");
    }

    [Fact]
    public async Task Webhook_UnknownEventType_AcknowledgedAndIgnored()
    {
        var e = new JsonObject
        {
            ["id"] = "evt_" + Guid.NewGuid().ToString("N"),
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = new JsonObject { ["id"] = "cus_unrelated", ["object"] = "customer" } },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = "customer.tax_id.created",
        };
        var payload = e.ToJsonString();

        var first = await DeliverAsync(payload, api.Stripe.Sign(payload, DateTimeOffset.UtcNow));
        var again = await DeliverAsync(payload, api.Stripe.Sign(payload, DateTimeOffset.UtcNow));

        Assert.Equal((HttpStatusCode.OK, "ignored"), (first.Status, first.Outcome));
        Assert.Equal((HttpStatusCode.OK, "duplicate"), (again.Status, again.Outcome));
    }

    /// <summary>A tip the bank wants authenticated: its payment id and Stripe's intent id.</summary>
    private async Task<(Guid Payment, string Intent)> AwaitingAuthenticationAsync()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var paid = await _client.PaidAsync(users[0].Token,
            new { kind = "tip", target_id = users[1].Id, amount = 400, currency = "usd", payment_method_id = "pm_card_authenticationRequired" });
        Assert.Equal("requires_action", paid.GetProperty("status").GetString());
        return (paid.GetProperty("id").GetGuid(), paid.GetProperty("client_secret").GetString()!.Split("_secret_")[0]);
    }

    private async Task<(HttpStatusCode Status, string? Outcome)> DeliverAsync(string payload, string signature)
    {
        var response = await PostAsync(payload, signature);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.GetProperty("outcome").GetString() : text);
    }

    private async Task<HttpResponseMessage> PostAsync(string payload, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await _client.SendAsync(request);
    }
}
