using System.Net;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Members-only and paid videos where they are read (HLS playback): 403 membership_required or
/// purchase_required naming what grants access, and access as soon as the webhook that grants it is applied.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class EntitlementTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task MembersOnlyVideo_403NamesTheTier_ThenMembersOfThatRankOrAbovePlay()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var (creator, fan, stranger) = (users[0], users[1], users[2]);
        var (one, two) = (await _client.TierAsync(creator.Token, 1, 300), await _client.TierAsync(creator.Token, 2, 900));
        var video = await api.PlayableVideoAsync(_client, creator);
        Assert.Equal(HttpStatusCode.OK, await _client.PlayAsync(video, null));

        var set = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/access", new { members_only = true, min_rank = 2 }, creator.Token);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var id = (await _client.SubscribedAsync(fan.Token, one)).GetProperty("id").GetGuid();

        using var refused = await _client.GetAsync($"/api/v1/videos/{video}/stream/master.m3u8", fan.Token);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "membership_required");
        Assert.Equal((creator.Id, 2), (problem.GetProperty("creator_id").GetGuid(), problem.GetProperty("min_rank").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, await _client.PlayAsync(video, null));
        Assert.Equal(HttpStatusCode.Forbidden, await _client.PlayAsync(video, stranger.Token));
        Assert.Equal(HttpStatusCode.OK, await _client.PlayAsync(video, creator.Token));

        await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/subscriptions/{id}", new { plan_id = two }, fan.Token);

        Assert.Equal(HttpStatusCode.OK, await _client.PlayAsync(video, fan.Token));
        using var played = await _client.GetAsync($"/api/v1/videos/{video}/stream/master.m3u8", fan.Token);
        Assert.True(played.Headers.CacheControl!.Private);
        var access = await (await _client.GetAsync($"/api/v1/videos/{video}/access", fan.Token)).ReadJsonAsync();
        Assert.Equal((true, 2, true), (access.GetProperty("members_only").GetBoolean(), access.GetProperty("min_rank").GetInt32(), access.GetProperty("allowed").GetBoolean()));
    }

    [Fact]
    public async Task MembersOnly_OnlyTheOwnerSetsIt_AndOpeningItAgainLetsEveryoneIn()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var video = await api.PlayableVideoAsync(_client, users[0]);

        var stranger = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/access", new { members_only = true }, users[1].Token);
        await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/access", new { members_only = true }, users[0].Token);
        var closed = await _client.PlayAsync(video, users[1].Token);
        await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/access", new { members_only = false }, users[0].Token);

        await stranger.AssertProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        Assert.Equal(HttpStatusCode.Forbidden, closed);
        Assert.Equal(HttpStatusCode.OK, await _client.PlayAsync(video, users[1].Token));
    }

    [Fact]
    public async Task PaidVideo_403NamesThePrice_BuyersPlay_ARefundTakesItBack()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (owner, buyer) = (users[0], users[1]);
        var video = await api.PlayableVideoAsync(_client, owner, price: 700);

        using var refused = await _client.GetAsync($"/api/v1/videos/{video}/stream/master.m3u8", buyer.Token);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "purchase_required");
        Assert.Equal((700, "eur"), (problem.GetProperty("price").GetProperty("amount").GetInt64(), problem.GetProperty("price").GetProperty("currency").GetString()));
        var paid = await _client.PaidAsync(buyer.Token, new { kind = "video_purchase", target_id = video, currency = "eur", payment_method_id = "pm_card_fr" });

        Assert.Equal(HttpStatusCode.OK, await _client.PlayAsync(video, buyer.Token));
        Assert.Equal(HttpStatusCode.OK, await _client.PlayAsync(video, owner.Token));

        var refund = await _client.PostJsonAsync($"/api/v1/payments/{paid.GetProperty("id").GetGuid()}/refund", new { reason = "changed my mind" }, buyer.Token);
        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await _client.PlayAsync(video, buyer.Token));
    }

    [Fact]
    public async Task PaidVideo_OnceTheBuyerPlayedASegment_TheyCannotRefundIt_ButAnAdminCan()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (owner, buyer) = (users[0], users[1]);
        var video = await api.PlayableVideoAsync(_client, owner, price: 900);
        var paid = await _client.PaidAsync(buyer.Token, new { kind = "video_purchase", target_id = video, currency = "eur", payment_method_id = "pm_card_fr" });
        var id = paid.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, await _client.PlayAsync(video, buyer.Token, segment: true));
        var refused = await _client.PostJsonAsync($"/api/v1/payments/{id}/refund", new { reason = "did not like it" }, buyer.Token);
        var (_, adminTokens) = await _client.SignUpAsync();
        var admin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        var byAdmin = await _client.PostJsonAsync($"/api/v1/payments/{id}/refund", new { reason = "goodwill" }, admin);

        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "already_watched");
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await _client.PlayAsync(video, buyer.Token, segment: true));
    }

    [Fact]
    public async Task BankChallenge_IncompleteUntilAuthenticated_ThenTheWebhookOpensTheVideoAtOnce()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (creator, fan) = (users[0], users[1]);
        var tier = await _client.TierAsync(creator.Token, 1, 500);
        var video = await api.PlayableVideoAsync(_client, creator);
        await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/access", new { members_only = true }, creator.Token);

        var pending = await _client.SubscribedAsync(fan.Token, tier, "pm_card_threeDSecure2Required");
        var secret = pending.GetProperty("client_secret").GetString()!;
        Assert.Equal(("incomplete", false), (pending.GetProperty("status").GetString(), pending.GetProperty("entitled").GetBoolean()));
        Assert.Equal(HttpStatusCode.Forbidden, await _client.PlayAsync(video, fan.Token));

        await api.Stripe.AuthenticateAsync(secret[..secret.IndexOf("_secret_", StringComparison.Ordinal)], succeed: true, deliver: true);
        await api.Stripe.DeliveriesSettledAsync();

        // Every delivery has been answered: the entitlement is in force now, on the first request after it.
        Assert.Equal(HttpStatusCode.OK, await _client.PlayAsync(video, fan.Token));
        var active = await _client.AwaitStatusAsync(fan.Token, pending.GetProperty("id").GetGuid(), "active");
        Assert.True(active.GetProperty("entitled").GetBoolean());
        Assert.Single(await api.InvoiceLedgerAsync(active.GetProperty("id").GetGuid()), l => l.Account == "stripe_balance");
    }
}
