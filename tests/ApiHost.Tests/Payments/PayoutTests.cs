using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Creators' earnings and payouts through Stripe Connect: onboarding, earnings from the ledger, a payout only
/// once Stripe enables the account and no admin holds it, moved by one transfer and balanced in the ledger.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class PayoutTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Earnings_PaidOutOnceOnboarded_NotWhileHeld_OneTransfer_LedgerSettled()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (creator, fan) = (users[0], users[1]);
        var admin = await AdminAsync();
        var bad = await _client.PostJsonAsync("/api/v1/creators/me/payout-account", new { country = "germany" }, creator.Token);
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
        var account = await (await _client.PostJsonAsync("/api/v1/creators/me/payout-account", new { country = "US" }, creator.Token)).ReadJsonAsync();
        var accountId = account.GetProperty("account_id").GetString()!;
        Assert.StartsWith("https://", account.GetProperty("onboarding_url").GetString());
        await _client.PaidAsync(fan.Token, new { kind = "tip", target_id = creator.Id, amount = 1000, currency = "usd", payment_method_id = "pm_card_visa" });

        await RunPayoutsAsync(admin);
        var beforeOnboarding = await EarningsAsync(creator.Token);
        Assert.Equal((800L, 0L), Usd(beforeOnboarding));
        Assert.False(beforeOnboarding.GetProperty("payouts_enabled").GetBoolean());

        await api.Stripe.OnboardAsync(accountId);
        await api.Stripe.DeliveriesSettledAsync();
        Assert.True((await EarningsAsync(creator.Token)).GetProperty("payouts_enabled").GetBoolean());

        await Hold(admin, creator.Id, true);
        await RunPayoutsAsync(admin);
        Assert.Equal((800L, 0L), Usd(await EarningsAsync(creator.Token)));

        await Hold(admin, creator.Id, false);
        await RunPayoutsAsync(admin);
        await RunPayoutsAsync(admin);
        var paid = await EarningsAsync(creator.Token);

        Assert.Equal((0L, 800L), Usd(paid));
        var payout = Assert.Single(paid.GetProperty("payouts").EnumerateArray());
        Assert.Equal(("paid", 800L), (payout.GetProperty("status").GetString(), payout.GetProperty("amount").GetInt64()));
        Assert.Equal(800L, paid.GetProperty("days")[0].GetProperty("amount").GetInt64());
        Assert.Equal(0L, await api.ScalarAsync("SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE account = $1", $"creator:{creator.Id}"));
        Assert.Single(api.Stripe.Events, e => (string?)e["type"] == "transfer.created" && (string?)e["data"]!["object"]!["destination"] == accountId);
        Assert.Equal(2L, await api.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'payouts.held' AND target_id = $1", creator.Id.ToString()));
    }

    [Fact]
    public async Task PayoutAdmin_NotAnAdmin_Is403_UnknownCreatorsHold_Is404()
    {
        var user = (await api.Factory.UsersAsync(api.Database.ConnectionString, 1))[0];
        var admin = await AdminAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await _client.PostJsonAsync("/api/v1/admin/payouts/run", new { }, user.Token)).StatusCode);
        var hold = await _client.PostJsonAsync($"/api/v1/admin/creators/{Guid.NewGuid()}/payout-hold", new { held = true, reason = "fraud check" }, admin);
        await hold.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static (long Available, long PaidOut) Usd(JsonElement earnings)
    {
        var usd = earnings.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("currency").GetString() == "usd");
        return (usd.GetProperty("available").GetInt64(), usd.GetProperty("paid_out").GetInt64());
    }

    private async Task<JsonElement> EarningsAsync(string token) => await (await _client.GetAsync("/api/v1/creators/me/earnings", token)).ReadJsonAsync();

    private async Task RunPayoutsAsync(string admin) =>
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync("/api/v1/admin/payouts/run", new { }, admin)).StatusCode);

    private async Task Hold(string admin, Guid creator, bool held) => Assert.Equal(HttpStatusCode.NoContent,
        (await _client.PostJsonAsync($"/api/v1/admin/creators/{creator}/payout-hold", new { held, reason = "fraud check" }, admin)).StatusCode);

    private async Task<string> AdminAsync()
    {
        var (_, tokens) = await _client.SignUpAsync();
        return await api.Factory.GrantRoleAsync(tokens.AccessToken, "admin");
    }
}
