using System.Net;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Stripe out of reach: paying answers 503 with Retry-After and charges nothing; a host with payments not
/// configured refuses the same way, and its webhook endpoint refuses every delivery.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class StripeDownTests(PaymentsFixture api)
{
    [Fact]
    public async Task Pay_StripeUnreachable_Is503WithRetryAfter_AndNothingRecorded()
    {
        await using var host = new ApiFactory(api.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["SocialFlow:Payments:Stripe:ApiBase"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["SocialFlow:Payments:Stripe:SecretKey"] = PaymentsFixture.ApiKey,
            ["SocialFlow:Payments:Stripe:Timeout"] = "00:00:02",
        });
        var client = host.CreateClient();
        var users = await host.UsersAsync(api.Database.ConnectionString, 2);

        var response = await client.PayAsync(users[0].Token, Guid.NewGuid().ToString(),
            new { kind = "tip", target_id = users[1].Id, amount = 500, currency = "usd", payment_method_id = "pm_card_visa" });
        var webhook = await client.PostAsync("/api/v1/webhooks/stripe", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "payment_provider_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(0, await api.ScalarAsync("SELECT count(*) FROM payments WHERE buyer_id = $1", users[0].Id));
        await webhook.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_signature");
    }
}
