using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Refunds: an admin's (any amount left, audited), a buyer's (a whole video purchase within the window), and
/// the ledger's proportional reversal of tax, fee and the creator's share.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class RefundTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Refund_InTwoParts_ReversesTheCreatorShareProportionally_AndEveryTransactionBalances()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var (buyer, owner) = (users[0], users[1]);
        var admin = await api.Factory.GrantRoleAsync(users[2].Token, "admin");
        var video = await api.VideoAsync(_client, owner, price: 1000, currency: "gbp");
        var paid = await _client.PaidAsync(buyer.Token, new { kind = "video_purchase", target_id = video, currency = "gbp", payment_method_id = "pm_card_gb" });
        var id = paid.GetProperty("id").GetGuid();
        Assert.Equal(1200, paid.GetProperty("total").GetInt64()); // 1000 + 20 % tax; fee 200, creator 800

        var first = await RefundAsync(admin, id, new { amount = 300, reason = "partly unhappy" });
        var second = await RefundAsync(admin, id, new { reason = "the rest" });

        Assert.Equal(300, first.GetProperty("refunded").GetInt64());
        Assert.Equal(1200, second.GetProperty("refunded").GetInt64());
        var refunds = (await api.LedgerAsync(id)).Where(l => l.Kind == "refund").ToList();
        // 300 of 1200 is a quarter: creator 200, fee 50, tax 50; the remaining 900 reverses the rest exactly.
        Assert.Equal([("refund", "stripe_balance", -300L), ("refund", $"creator:{owner.Id}", 200L), ("refund", "platform_revenue", 50L), ("refund", "tax:GB", 50L),
            ("refund", "stripe_balance", -900L), ("refund", $"creator:{owner.Id}", 600L), ("refund", "platform_revenue", 150L), ("refund", "tax:GB", 150L)], refunds);
        Assert.Equal(0, await api.ScalarAsync("SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.payment_id = $1 AND e.account = $2",
            id, $"creator:{owner.Id}"));
        Assert.Equal(0, await api.ScalarAsync("""
            SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount) <> 0) unbalanced
            """));
        Assert.Equal(2, await api.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'payment.refunded' AND target_id = $1 AND actor_id = $2",
            id.ToString(), users[2].Id));
    }

    [Fact]
    public async Task Refund_MoreThanIsLeft_Is422_AndTheLedgerRefusesAnUnbalancedTransaction()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var admin = await api.Factory.GrantRoleAsync(users[2].Token, "admin");
        var paid = await _client.PaidAsync(users[0].Token, new { kind = "tip", target_id = users[1].Id, amount = 500, currency = "usd", payment_method_id = "pm_card_visa" });
        var id = paid.GetProperty("id").GetGuid();

        var tooMuch = await _client.PostJsonAsync($"/api/v1/payments/{id}/refund", new { amount = 501, reason = "oops" }, admin);

        await tooMuch.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "amount_too_large");
        // One more line in the charge's transaction would unbalance it: refused at commit. Deleting lines is refused.
        var unbalanced = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => api.ScalarAsync("""
            INSERT INTO ledger_entries (transaction_id, account, amount, currency)
            SELECT id, 'stripe_balance', 1, currency FROM ledger_transactions WHERE payment_id = $1 RETURNING 0
            """, id));
        var deleted = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => api.ScalarAsync(
            "DELETE FROM ledger_entries WHERE transaction_id IN (SELECT id FROM ledger_transactions WHERE payment_id = $1) RETURNING 0", id));
        Assert.Equal(("23514", "42501"), (unbalanced.SqlState, deleted.SqlState));
        Assert.Equal(3, (await api.LedgerAsync(id)).Count);
    }

    [Fact]
    public async Task Refund_BuyersVideoWithinTheWindow_IsWhole_ButNotATipNorSomeoneElses()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var (buyer, owner, stranger) = (users[0], users[1], users[2]);
        var video = await api.VideoAsync(_client, owner, price: 500);
        var purchase = (await _client.PaidAsync(buyer.Token, new { kind = "video_purchase", target_id = video, currency = "usd", payment_method_id = "pm_card_visa" }))
            .GetProperty("id").GetGuid();
        var tip = (await _client.PaidAsync(buyer.Token, new { kind = "tip", target_id = owner.Id, amount = 500, currency = "usd", payment_method_id = "pm_card_visa" }))
            .GetProperty("id").GetGuid();

        await (await _client.PostJsonAsync($"/api/v1/payments/{purchase}/refund", new { reason = "mine?" }, stranger.Token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync($"/api/v1/payments/{purchase}/refund", new { amount = 100, reason = "part" }, buyer.Token))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "partial_refund_not_allowed");
        await (await _client.PostJsonAsync($"/api/v1/payments/{tip}/refund", new { reason = "regret" }, buyer.Token)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "not_refundable");
        var refunded = await RefundAsync(buyer.Token, purchase, new { reason = "wrong video" });

        Assert.Equal(500, refunded.GetProperty("refunded").GetInt64());
        Assert.Equal(0, await api.ScalarAsync("SELECT count(*) FROM audit_log WHERE target_id = $1", purchase.ToString()));
        // Wholly refunded, the video can be bought again.
        var again = await _client.PaidAsync(buyer.Token, new { kind = "video_purchase", target_id = video, currency = "usd", payment_method_id = "pm_card_visa" });
        Assert.Equal("succeeded", again.GetProperty("status").GetString());
    }

    private async Task<JsonElement> RefundAsync(string token, Guid id, object body)
    {
        var response = await _client.PostJsonAsync($"/api/v1/payments/{id}/refund", body, token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}
