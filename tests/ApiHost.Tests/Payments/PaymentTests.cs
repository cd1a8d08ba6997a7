using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Tips and video purchases end to end: the API, the payment grain, Stripe.net and the Stripe stand-in.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class PaymentTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Pay_TipWithCard_SucceedsAndChargesOnceInTheLedger()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (buyer, creator) = (users[0], users[1]);

        var paid = await _client.PaidAsync(buyer.Token, new { kind = "tip", target_id = creator.Id, amount = 500, currency = "usd", payment_method_id = "pm_card_visa" });

        Assert.Equal("succeeded", paid.GetProperty("status").GetString());
        Assert.Equal(500, paid.GetProperty("total").GetInt64());
        Assert.Equal(0, paid.GetProperty("tax").GetInt64());
        Assert.Equal("US", paid.GetProperty("country").GetString());
        var ledger = await api.LedgerAsync(paid.GetProperty("id").GetGuid());
        Assert.Equal([("charge", "stripe_balance", 500L), ("charge", $"creator:{creator.Id}", -400L), ("charge", "platform_revenue", -100L)], ledger);
        var notice = await PaymentNoticeAsync(creator.Token);
        Assert.Equal(("tipped you 5.00 USD", paid.GetProperty("id").GetGuid(), buyer.Id),
            (notice.GetProperty("text").GetString(), notice.GetProperty("subject_id").GetGuid(), notice.GetProperty("latest_actors")[0].GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Pay_VideoPurchase_ChargesTheOwnersPricePlusTheBuyersTax()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (buyer, owner) = (users[0], users[1]);
        var video = await api.VideoAsync(_client, owner, price: 1000, currency: "eur");

        var paid = await _client.PaidAsync(buyer.Token, new { kind = "video_purchase", target_id = video, currency = "eur", payment_method_id = "pm_card_de" });

        Assert.Equal(("succeeded", 1000L, 190L, 1190L, "DE"), (paid.GetProperty("status").GetString(), paid.GetProperty("amount").GetInt64(),
            paid.GetProperty("tax").GetInt64(), paid.GetProperty("total").GetInt64(), paid.GetProperty("country").GetString()));
        Assert.Equal(owner.Id, paid.GetProperty("recipient_id").GetGuid());
        var ledger = await api.LedgerAsync(paid.GetProperty("id").GetGuid());
        Assert.Equal([("charge", "stripe_balance", 1190L), ("charge", $"creator:{owner.Id}", -800L), ("charge", "platform_revenue", -200L), ("charge", "tax:DE", -190L)], ledger);
        var notice = await PaymentNoticeAsync(owner.Token);
        Assert.Equal(("bought your video for 10.00 EUR", video), (notice.GetProperty("text").GetString(), notice.GetProperty("item_id").GetGuid()));
    }

    [Fact]
    public async Task Pay_SameKeySameBody_SamePaymentChargedOnce_EvenConcurrently()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var body = new { kind = "tip", target_id = users[1].Id, amount = 700, currency = "usd", payment_method_id = "pm_card_visa" };
        var key = "tip-" + Guid.NewGuid();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.PaidAsync(users[0].Token, body, key)));
        var again = await _client.PaidAsync(users[0].Token, body, key);

        var id = again.GetProperty("id").GetGuid();
        Assert.All(answers, a => Assert.Equal(id, a.GetProperty("id").GetGuid()));
        Assert.All(answers, a => Assert.Equal("succeeded", a.GetProperty("status").GetString()));
        Assert.Single(await api.LedgerAsync(id), l => l.Account == "stripe_balance");
        Assert.Single(api.Stripe.Events, e => e["type"]!.GetValue<string>() == "payment_intent.succeeded"
            && e["data"]!["object"]!["metadata"]!["payment_id"]?.GetValue<string>() == id.ToString());
    }

    [Fact]
    public async Task Pay_SameKeyOtherBody_Is422()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var key = Guid.NewGuid().ToString();
        await _client.PaidAsync(users[0].Token, new { kind = "tip", target_id = users[1].Id, amount = 700, currency = "usd", payment_method_id = "pm_card_visa" }, key);

        var other = await _client.PayAsync(users[0].Token, key, new { kind = "tip", target_id = users[1].Id, amount = 900, currency = "usd", payment_method_id = "pm_card_visa" });

        await other.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Fact]
    public async Task Pay_WithoutIdempotencyKey_Is400()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var response = await _client.PayAsync(users[0].Token, null, new { kind = "tip", target_id = users[1].Id, amount = 700, currency = "usd", payment_method_id = "pm_card_visa" });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_required");
    }

    [Theory]
    [InlineData(-5, "usd")]
    [InlineData(0, "usd")]
    [InlineData(99, "usd")]
    [InlineData(50_001, "usd")]
    [InlineData(500, "xyz")]
    [InlineData(500, "USD")]
    public async Task Pay_BadTipAmountOrCurrency_Is400(long amount, string currency)
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var response = await _client.PayAsync(users[0].Token, Guid.NewGuid().ToString(),
            new { kind = "tip", target_id = users[1].Id, amount, currency, payment_method_id = "pm_card_visa" });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await api.ScalarAsync("SELECT count(*) FROM payments WHERE buyer_id = $1", users[0].Id));
    }

    [Fact]
    public async Task Pay_VideoWithAmountFromTheBuyer_Is400()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var video = await api.VideoAsync(_client, users[1], price: 1000);
        var response = await _client.PayAsync(users[0].Token, Guid.NewGuid().ToString(),
            new { kind = "video_purchase", target_id = video, amount = 1, currency = "usd", payment_method_id = "pm_card_visa" });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Pay_VideoTwice_Is409_OwnVideo422_Unpriced422_Missing404()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (buyer, owner) = (users[0], users[1]);
        var priced = await api.VideoAsync(_client, owner, price: 300);
        var unpriced = await api.VideoAsync(_client, owner);
        object Buy(Guid v) => new { kind = "video_purchase", target_id = v, currency = "usd", payment_method_id = "pm_card_visa" };
        await _client.PaidAsync(buyer.Token, Buy(priced));

        await (await _client.PayAsync(buyer.Token, Guid.NewGuid().ToString(), Buy(priced))).AssertProblemAsync(HttpStatusCode.Conflict, "already_purchased");
        await (await _client.PayAsync(owner.Token, Guid.NewGuid().ToString(), Buy(priced))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "own_target");
        await (await _client.PayAsync(buyer.Token, Guid.NewGuid().ToString(), Buy(unpriced))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not_for_sale");
        await (await _client.PayAsync(buyer.Token, Guid.NewGuid().ToString(), Buy(Guid.NewGuid()))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SetPrice_BySomeoneElse_Is403_AndAnUnknownVideo404()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var video = await api.VideoAsync(_client, users[1], price: 300);

        var byBuyer = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/price", new { amount = 1, currency = "usd" }, users[0].Token);
        var unknown = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{Guid.NewGuid()}/price", new { amount = 100, currency = "usd" }, users[0].Token);

        await byBuyer.AssertProblemAsync(HttpStatusCode.BadRequest); // below the minimum price, before ownership
        var cheap = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/price", new { amount = 100, currency = "usd" }, users[0].Token);
        await cheap.AssertProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        var price = await (await _client.GetAsync($"/api/v1/videos/{video}/price", users[0].Token)).ReadJsonAsync();
        Assert.Equal(300, price.GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task Pay_DeclinedCard_IsFailedWithItsCode_AndNothingInTheLedger()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var paid = await _client.PaidAsync(users[0].Token,
            new { kind = "tip", target_id = users[1].Id, amount = 500, currency = "usd", payment_method_id = "pm_card_chargeDeclinedInsufficientFunds" });

        Assert.Equal("failed", paid.GetProperty("status").GetString());
        Assert.Equal("insufficient_funds", paid.GetProperty("failure_code").GetString());
        Assert.Empty(await api.LedgerAsync(paid.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Pay_UnknownPaymentMethod_Is422()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var response = await _client.PayAsync(users[0].Token, Guid.NewGuid().ToString(),
            new { kind = "tip", target_id = users[1].Id, amount = 500, currency = "usd", payment_method_id = "pm_nonexistent" });
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid_payment_method");
    }

    [Fact]
    public async Task Pay_BankAsksForAuthentication_ClientSecretThenWebhookSettles()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var paid = await _client.PaidAsync(users[0].Token,
            new { kind = "tip", target_id = users[1].Id, amount = 500, currency = "usd", payment_method_id = "pm_card_threeDSecure2Required" });
        Assert.Equal("requires_action", paid.GetProperty("status").GetString());
        var secret = paid.GetProperty("client_secret").GetString()!;
        var id = paid.GetProperty("id").GetGuid();
        Assert.Empty(await api.LedgerAsync(id));

        await api.Stripe.AuthenticateAsync(secret.Split("_secret_")[0], succeed: true, deliver: true);

        await Eventually.HoldsAsync(async () => (await PaymentAsync(users[0].Token, id)).GetProperty("status").GetString() == "succeeded",
            TimeSpan.FromSeconds(10), "the webhook settled the payment");
        Assert.Equal(3, (await api.LedgerAsync(id)).Count);
    }

    [Fact]
    public async Task GetPaymentAndHistory_OnlyTheBuyers()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var p = await _client.PaidAsync(users[0].Token, new { kind = "tip", target_id = users[1].Id, amount = 100 + i, currency = "usd", payment_method_id = "pm_card_visa" });
            ids.Add(p.GetProperty("id").GetGuid());
        }

        var page1 = await (await _client.GetAsync("/api/v1/payments/history?limit=2", users[0].Token)).ReadJsonAsync();
        var next = page1.GetProperty("next_cursor").GetString();
        var page2 = await (await _client.GetAsync($"/api/v1/payments/history?limit=2&cursor={next}", users[0].Token)).ReadJsonAsync();
        var others = await (await _client.GetAsync("/api/v1/payments/history", users[2].Token)).ReadJsonAsync();

        var listed = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(p => p.GetProperty("id").GetGuid());
        Assert.Equal(Enumerable.Reverse(ids), listed);
        Assert.Equal(0, others.GetProperty("items").GetArrayLength());
        await (await _client.GetAsync($"/api/v1/payments/{ids[0]}", users[1].Token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/payments/{ids[0]}", users[2].Token)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(ids[0], (await PaymentAsync(users[0].Token, ids[0])).GetProperty("id").GetGuid());
    }

    private async Task<JsonElement> PaymentAsync(string token, Guid id) =>
        await (await _client.GetAsync($"/api/v1/payments/{id}", token)).ReadJsonAsync();

    /// <summary>The creator's one notice of a payment (the paid event reaches the notifications through the event stream).</summary>
    private async Task<JsonElement> PaymentNoticeAsync(string token)
    {
        var notices = await Eventually.ValueAsync(async () => (await (await _client.GetAsync("/api/v1/notifications", token)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Where(n => n.GetProperty("subject_kind").GetString() == "payment").ToList(), n => n.Count > 0);
        return Assert.Single(notices);
    }
}
