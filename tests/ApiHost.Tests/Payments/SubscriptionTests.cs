using System.Net;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Plans, tiers and subscriptions end to end: the API, the subscriber's grain, Stripe.net and the stand-in's
/// subscriptions and invoices, and each paid invoice in the ledger.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class SubscriptionTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Plans_ThePlatformsFreeAndPremium_AndACreatorsOpenTiersByRank()
    {
        var creator = (await api.Factory.UsersAsync(api.Database.ConnectionString, 1))[0];
        var gold = await _client.TierAsync(creator.Token, rank: 2, amount: 900);
        var silver = await _client.TierAsync(creator.Token, rank: 1, amount: 400);
        var archived = await _client.TierAsync(creator.Token, rank: 3, amount: 2000);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/creators/me/tiers/{archived}", null, creator.Token)).StatusCode);

        var platform = (await (await _client.GetAsync("/api/v1/subscriptions/plans")).ReadJsonAsync()).GetProperty("items");
        var tiers = (await (await _client.GetAsync($"/api/v1/subscriptions/plans?creator={creator.Id}")).ReadJsonAsync()).GetProperty("items");

        Assert.Equal(["Free", "Premium"], platform.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(PlanIds.Of("premium"), platform[1].GetProperty("id").GetGuid());
        Assert.Equal([silver, gold], tiers.EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal(creator.Id, tiers[0].GetProperty("creator_id").GetGuid());
    }

    [Fact]
    public async Task Tiers_Validated_RankUnique_AmountWithinThePriceBounds()
    {
        var creator = (await api.Factory.UsersAsync(api.Database.ConnectionString, 1))[0];
        await _client.TierAsync(creator.Token, rank: 1, amount: 500);

        var sameRank = await _client.PostJsonAsync("/api/v1/creators/me/tiers", new { name = "Again", rank = 1, amount = 600, currency = "eur" }, creator.Token);
        var tooCheap = await _client.PostJsonAsync("/api/v1/creators/me/tiers", new { name = "Cheap", rank = 2, amount = 1, currency = "eur" }, creator.Token);
        var noName = await _client.PostJsonAsync("/api/v1/creators/me/tiers", new { rank = 3, amount = 600, currency = "xyz" }, creator.Token);

        await sameRank.AssertProblemAsync(HttpStatusCode.Conflict, "rank_taken");
        await tooCheap.AssertProblemAsync(HttpStatusCode.BadRequest);
        var problem = await noName.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Subscribe_ToATier_IsActive_AndItsInvoiceSplitsTaxFeeAndShareInTheLedger()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (fan, creator) = (users[0], users[1]);
        var tier = await _client.TierAsync(creator.Token, rank: 1, amount: 1190);

        var subscription = await _client.SubscribedAsync(fan.Token, tier, "pm_card_de");

        Assert.Equal(("active", true), (subscription.GetProperty("status").GetString(), subscription.GetProperty("entitled").GetBoolean()));
        Assert.Equal(tier, subscription.GetProperty("plan").GetProperty("id").GetGuid());
        Assert.True(subscription.GetProperty("current_period_end").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(27));
        var id = subscription.GetProperty("id").GetGuid();
        // 1190 includes DE's 19 % (190); the platform takes 20 % of the rest (200), the creator 800.
        Assert.Equal([("subscription_create", "stripe_balance", 1190L), ("subscription_create", $"creator:{creator.Id}", -800L),
            ("subscription_create", "platform_revenue", -200L), ("subscription_create", "tax:DE", -190L)], await api.InvoiceLedgerAsync(id));
        var mine = await _client.MineAsync(fan.Token);
        Assert.Equal(id, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Subscribe_Twice_SamePlanAnswersTheSubscription_AnotherTierOfTheCreatorIs409()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (fan, creator) = (users[0], users[1]);
        var (one, two) = (await _client.TierAsync(creator.Token, 1, 300), await _client.TierAsync(creator.Token, 2, 600));

        var first = await _client.SubscribedAsync(fan.Token, one);
        var again = await _client.SubscribedAsync(fan.Token, one);
        var other = await _client.SubscribeAsync(fan.Token, two);

        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        await other.AssertProblemAsync(HttpStatusCode.Conflict, "already_subscribed");
        Assert.Single((await _client.MineAsync(fan.Token)).EnumerateArray());
    }

    [Fact]
    public async Task Subscribe_Refused_OwnTier_UnknownPlan_UnknownCard()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var tier = await _client.TierAsync(users[1].Token, 1, 300);

        await (await _client.SubscribeAsync(users[1].Token, tier)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "own_plan");
        await (await _client.SubscribeAsync(users[0].Token, Guid.NewGuid())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SubscribeAsync(users[0].Token, tier, "pm_card_nonexistent")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid_payment_method");
        await (await _client.SubscribeAsync(users[0].Token, PlanIds.Free)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "free_plan");
    }

    [Fact]
    public async Task Premium_PlatformPlan_AllToPlatformRevenueBesidesTax()
    {
        var fan = (await api.Factory.UsersAsync(api.Database.ConnectionString, 1))[0];

        var subscription = await _client.SubscribedAsync(fan.Token, PlanIds.Of("premium"), "pm_card_visa");

        Assert.Equal("active", subscription.GetProperty("status").GetString());
        Assert.Null(subscription.GetProperty("plan").GetProperty("creator_id").GetString());
        var ledger = await api.InvoiceLedgerAsync(subscription.GetProperty("id").GetGuid());
        Assert.Equal([("subscription_create", "stripe_balance", 999L), ("subscription_create", "platform_revenue", -999L)], ledger);
    }

    [Fact]
    public async Task Premium_FourTimesTheUploadQuota_WhileEntitled()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (premium, free) = (users[0], users[1]);
        await _client.SubscribedAsync(premium.Token, PlanIds.Of("premium"), "pm_card_visa");
        object Video() => new { title = "big", size = 30_000_000, visibility = "public" };

        var allowed = await _client.PostJsonAsync("/api/v1/videos", Video(), premium.Token);
        var refused = await _client.PostJsonAsync("/api/v1/videos", Video(), free.Token);

        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        await refused.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "quota_exceeded");
    }

    [Fact]
    public async Task ChangePlan_Upward_ChargesTheProrationNow_Downward_ChargesNothing()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (fan, creator) = (users[0], users[1]);
        var (one, two) = (await _client.TierAsync(creator.Token, 1, 500), await _client.TierAsync(creator.Token, 2, 1500));
        var id = (await _client.SubscribedAsync(fan.Token, one, "pm_card_visa")).GetProperty("id").GetGuid();

        var up = await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/subscriptions/{id}", new { plan_id = two }, fan.Token);
        var upBody = await up.ReadJsonAsync();
        var down = await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/subscriptions/{id}", new { plan_id = one }, fan.Token);

        Assert.Equal(two, upBody.GetProperty("plan").GetProperty("id").GetGuid());
        Assert.Equal(one, (await down.ReadJsonAsync()).GetProperty("plan").GetProperty("id").GetGuid());
        var charged = (await api.InvoiceLedgerAsync(id)).Where(l => l.Account == "stripe_balance").ToList();
        // The first month (500), then the difference (1000) for nearly all of the month: the stand-in prorates by the second.
        Assert.Equal(2, charged.Count);
        Assert.Equal(("subscription_update", true), (charged[1].Reason, charged[1].Amount is > 990 and <= 1000));
    }

    [Fact]
    public async Task SomeoneElsesSubscription_CannotBeChangedOrCanceled()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var tier = await _client.TierAsync(users[1].Token, 1, 300);
        var id = (await _client.SubscribedAsync(users[0].Token, tier)).GetProperty("id").GetGuid();

        var cancel = await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/subscriptions/{id}?now=true", null, users[2].Token);
        var change = await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/subscriptions/{id}", new { plan_id = tier }, users[2].Token);

        await cancel.AssertProblemAsync(HttpStatusCode.NotFound);
        await change.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("active", (await _client.MineAsync(users[0].Token))[0].GetProperty("status").GetString());
    }
}
