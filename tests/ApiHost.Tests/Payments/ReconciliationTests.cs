using System.Net;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>The reconciliation on an admin's demand: what a lost webhook left behind is found from Stripe's side and
/// repaired once; only admins may run it, and each run is audited. (The kill between Stripe's charge and the ledger:
/// Cluster.Tests' PaymentReconciliationTests.)</summary>
[Collection(PaymentsCollection.Name)]
public sealed class ReconciliationTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task LostWebhook_ASubscriptionPaidAfterTheBanksChallenge_IsActiveAndInTheLedgerAfterOneRun()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (creator, fan) = (users[0], users[1]);
        var tier = await _client.TierAsync(creator.Token, 1, 800);
        var pending = await _client.SubscribedAsync(fan.Token, tier, "pm_card_authenticationRequired");
        var id = pending.GetProperty("id").GetGuid();
        var secret = pending.GetProperty("client_secret").GetString()!;

        await api.Stripe.AuthenticateAsync(secret[..secret.IndexOf("_secret_", StringComparison.Ordinal)], succeed: true, deliver: false);
        Assert.Equal("incomplete", (await _client.MineAsync(fan.Token))[0].GetProperty("status").GetString());

        var admin = await AdminAsync();
        var first = await (await _client.PostJsonAsync("/api/v1/admin/payments/reconcile", new { }, admin)).ReadJsonAsync();
        var second = await (await _client.PostJsonAsync("/api/v1/admin/payments/reconcile", new { }, admin)).ReadJsonAsync();

        Assert.True(first.GetProperty("subscription_changes").GetInt32() >= 1, first.ToString());
        Assert.Equal(0, second.GetProperty("subscription_changes").GetInt32());
        var active = (await _client.MineAsync(fan.Token))[0];
        Assert.Equal(("active", true), (active.GetProperty("status").GetString(), active.GetProperty("entitled").GetBoolean()));
        Assert.Single(await api.InvoiceLedgerAsync(id), l => l.Account == "stripe_balance");
        Assert.True(await api.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'payments.reconciled'") >= 2);
    }

    [Fact]
    public async Task Reconcile_NotAnAdmin_Is403()
    {
        var user = (await api.Factory.UsersAsync(api.Database.ConnectionString, 1))[0];
        var response = await _client.PostJsonAsync("/api/v1/admin/payments/reconcile", new { }, user.Token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<string> AdminAsync()
    {
        var (_, tokens) = await _client.SignUpAsync();
        return await api.Factory.GrantRoleAsync(tokens.AccessToken, "admin");
    }
}
