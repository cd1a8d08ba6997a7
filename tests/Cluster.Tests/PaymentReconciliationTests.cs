using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.StripeStandIn;
using Xunit.Abstractions;

namespace SocialFlow.Cluster.Tests;

/// <summary>
/// A silo SIGKILLed between Stripe's charge and the ledger write: Stripe has charged, our payment is left pending with
/// no ledger line. No webhook is delivered (the stand-in has nowhere to send them), so only the reconciliation can
/// repair it: the payment is settled and charged in the ledger once, Stripe was charged once, and a second run
/// changes nothing.
/// </summary>
public sealed class PaymentReconciliationTests(ITestOutputHelper output)
{
    private const string ApiKey = "sk_test_reconciliation";
    private const string WebhookSecret = "whsec_reconciliation";

    [Fact]
    public async Task SiloKilledAfterStripeCharged_BeforeTheLedger_TheReconciliationSettlesItOnce()
    {
        await using var stripe = await StripeStandInServer.StartAsync(new StandInSettings(0, ApiKey, WebhookSecret));
        var settings = new Dictionary<string, string>
        {
            ["SocialFlow__Payments__Stripe__ApiBase"] = stripe.BaseUrl,
            ["SocialFlow__Payments__Stripe__SecretKey"] = ApiKey,
            ["SocialFlow__Payments__Stripe__WebhookSecret"] = WebhookSecret,
        };
        await using var cluster = await LocalCluster.StartAsync(output, silos: 2, settings, settings);
        var (buyer, buyerTokens) = await cluster.Api.SignUpAsync();
        var (creator, _) = await cluster.Api.SignUpAsync();
        var key = "tip-" + Guid.NewGuid();
        var paymentId = PaymentIds.For(buyer.Id, key);

        HttpResponseMessage answer;
        using (var hold = stripe.HoldResponses("/v1/payment_intents"))
        {
            var paying = PayAsync(cluster, buyerTokens.AccessToken, key, creator.Id);
            await hold.Reached.WaitAsync(TimeSpan.FromSeconds(60));
            var host = await cluster.SiloHostingAsync(await cluster.GrainAsync<IPaymentGrain>(paymentId));
            cluster.Kill(host);
            hold.Dispose();
            answer = await paying;
        }
        cluster.Log($"the buyer's request answered {(int)answer.StatusCode}");

        Assert.False(answer.IsSuccessStatusCode);
        Assert.Equal("pending", await cluster.Database.ScalarAsync<string>("SELECT status FROM payments WHERE id = $1", paymentId));
        Assert.Equal(0L, await LedgerLinesAsync(cluster, paymentId));
        Assert.Single(Charges(stripe, paymentId));

        var reconciler = await cluster.GrainAsync<IPaymentReconcilerGrain>(0);
        var first = await RunAsync(reconciler);
        var second = await RunAsync(reconciler);

        Assert.Equal(1, first.PaymentsRepaired);
        Assert.Equal(0, second.PaymentsRepaired);
        Assert.Equal("succeeded", await cluster.Database.ScalarAsync<string>("SELECT status FROM payments WHERE id = $1", paymentId));
        Assert.Equal(3L, await LedgerLinesAsync(cluster, paymentId));
        Assert.Equal(0L, await cluster.Database.ScalarAsync<long>(
            "SELECT coalesce(sum(e.amount), 0)::bigint FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.payment_id = $1", paymentId));
        Assert.Single(Charges(stripe, paymentId));
        cluster.Passed();
    }

    /// <summary>The reconciliation through the surviving silo (the call may first reach the dead one's directory entries).</summary>
    private static async Task<ReconciliationReport> RunAsync(IPaymentReconcilerGrain reconciler)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await reconciler.RunAsync(null).WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task<HttpResponseMessage> PayAsync(LocalCluster cluster, string token, string key, Guid creator)
    {
        var body = JsonSerializer.Serialize(new { kind = "tip", target_id = creator, amount = 500, currency = "usd", payment_method_id = "pm_card_visa" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        return await cluster.Api.SendAsync(request);
    }

    private static Task<long> LedgerLinesAsync(LocalCluster cluster, Guid paymentId) => cluster.Database.ScalarAsync<long>(
        "SELECT count(*) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.payment_id = $1", paymentId);

    private static IEnumerable<System.Text.Json.Nodes.JsonObject> Charges(StripeStandInServer stripe, Guid paymentId) =>
        stripe.Events.Where(e => (string?)e["type"] == "payment_intent.succeeded"
            && (string?)e["data"]!["object"]!["metadata"]!["payment_id"] == paymentId.ToString());
}
