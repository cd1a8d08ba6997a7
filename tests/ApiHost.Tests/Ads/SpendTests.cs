using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Ads;

/// <summary>Exact frequency caps and budgets under concurrency, and the spend credited to creators through the payments
/// ledger (their earnings, the ads analytics, the revenue_credited event).</summary>
[Collection(AdsCollection.Name)]
public sealed class SpendTests(AdsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task FrequencyCap_200ConcurrentRequestsOfOneViewer_ServeExactlyN()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var tag = AdsApi.UniqueTag();
        await api.ServingAsync(_client, users[0], AdsApi.Campaign(tag, cap: new { impressions = 3, hours = 1 }));
        var video = await api.CreatorVideoAsync(_client, users[1], tag);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ => (await _client.AdAsync(video, users[2].Token)).StatusCode));

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(197, statuses.Count(s => s == HttpStatusCode.NoContent));
    }

    [Fact]
    public async Task Budget_200ConcurrentDecisionsOfManyViewers_NeverReserveMoreThanTheBudget_AndSpendExactlyIt_NorShrinkBelowWhatIsHeld()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 22);
        var (advertiser, creator, viewers) = (users[0], users[1], users.Skip(2).ToList());
        var tag = AdsApi.UniqueTag();
        // A CPM bid of 1000 costs 1 per impression: a total budget of 10 pays for exactly 10 ads.
        var (campaign, _) = await api.ServingAsync(_client, advertiser, AdsApi.Campaign(tag, total: 10, daily: 10, bid: 1000));
        var video = await api.CreatorVideoAsync(_client, creator, tag);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => _client.AdAsync(video, viewers[i % viewers.Count].Token)));
        var served = new List<JsonElement>();
        foreach (var a in answers.Where(a => a.StatusCode == HttpStatusCode.OK)) served.Add(await a.ReadJsonAsync());
        var reserved = await (await _client.GetAsync($"/api/v1/ads/campaigns/{campaign}", advertiser.Token)).ReadJsonAsync();
        var shrunk = await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/ads/campaigns/{campaign}", new { total_budget = 5, daily_budget = 5 }, advertiser.Token);
        foreach (var ad in served) Assert.Equal(HttpStatusCode.NoContent, (await _client.TrackAsync(ad.GetProperty("impression_url").GetString()!)).StatusCode);
        var spent = await (await _client.GetAsync($"/api/v1/ads/campaigns/{campaign}", advertiser.Token)).ReadJsonAsync();

        Assert.Equal(10, served.Count);
        Assert.Equal(190, answers.Count(a => a.StatusCode == HttpStatusCode.NoContent));
        Assert.Equal((0L, 10L), (reserved.GetProperty("spent").GetInt64(), reserved.GetProperty("reserved").GetInt64()));
        await shrunk.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_campaign");
        Assert.Equal((10L, 0L), (spent.GetProperty("spent").GetInt64(), spent.GetProperty("reserved").GetInt64()));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.AdAsync(video, viewers[0].Token)).StatusCode);
        Assert.Equal(10_000L, await api.Database.ScalarAsync<long>("SELECT sum(cost_milli)::bigint FROM ad_serves WHERE campaign_id = $1", campaign));
    }

    [Fact]
    public async Task SpentCampaignsWithHigherBids_DoNotCrowdOutOneWithBudgetLeft()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 14);
        var (advertiser, creator, viewers) = (users[0], users[1], users.Skip(2).ToList());
        var tag = AdsApi.UniqueTag();
        // Five campaigns outbid the sixth, and each can pay for one ad (a CPM bid of 9000 costs 9 per impression): as many
        // spent campaigns as a decision's attempts.
        var rich = new List<Guid>();
        for (var i = 0; i < 5; i++) rich.Add((await api.ServingAsync(_client, advertiser, AdsApi.Campaign(tag, total: 9, daily: 9, bid: 9000))).Campaign);
        var (modest, _) = await api.ServingAsync(_client, advertiser, AdsApi.Campaign(tag, total: 1000, daily: 1000, bid: 1000));
        var video = await api.CreatorVideoAsync(_client, creator, tag);

        var served = new List<Guid>();
        foreach (var viewer in viewers) served.Add((await _client.ServedAsync(video, viewer.Token)).GetProperty("campaign_id").GetGuid());

        Assert.Equal(rich.Order(), served.Take(5).Order());
        Assert.All(served.Skip(5), c => Assert.Equal(modest, c));
    }

    [Fact]
    public async Task Spend_IsCreditedToTheCreatorAtTheShare_InEarningsAnalyticsAndTheAdsEvent()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 5);
        var (advertiser, creator, viewers) = (users[0], users[1], users.Skip(2).ToList());
        var tag = AdsApi.UniqueTag();
        // CPC: 500 per click; three impressions, two clicks.
        var (campaign, creative) = await api.ServingAsync(_client, advertiser, AdsApi.Campaign(tag, bidKind: "cpc", bid: 500));
        var video = await api.CreatorVideoAsync(_client, creator, tag);
        for (var i = 0; i < viewers.Count; i++)
        {
            var ad = await _client.ServedAsync(video, viewers[i].Token);
            Assert.Equal(HttpStatusCode.NoContent, (await _client.TrackAsync(ad.GetProperty("impression_url").GetString()!)).StatusCode);
            if (i < 2) Assert.Equal(HttpStatusCode.NoContent, (await _client.TrackAsync(ad.GetProperty("click_url").GetString()!)).StatusCode);
        }

        var credited = await Eventually.ValueAsync(() => api.Database.ScalarAsync<long>(
            "SELECT coalesce(-sum(amount), 0)::bigint FROM ledger_entries WHERE account = $1", $"creator:{creator.Id}"), v => v > 0);
        var earnings = await (await _client.GetAsync("/api/v1/creators/me/earnings", creator.Token)).ReadJsonAsync();
        var mine = await (await _client.GetAsync("/api/v1/ads/analytics?scope=creator", creator.Token)).ReadJsonAsync();
        var theirs = await (await _client.GetAsync($"/api/v1/ads/analytics?campaign_id={campaign}", advertiser.Token)).ReadJsonAsync();
        var events = await api.Database.ScalarAsync<string>(
            "SELECT payload::text FROM outbox_events WHERE stream_namespace = 'ads' AND kind = 'revenue_credited' AND payload->>'video_id' = $1", video.ToString());

        Assert.Equal(600, credited); // 60 % of 1000
        Assert.Equal(1000L, await api.Database.ScalarAsync<long>("SELECT sum(amount)::bigint FROM ledger_entries WHERE account = $1", $"advertiser:{advertiser.Id}"));
        var usd = earnings.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("currency").GetString() == "usd");
        Assert.Equal(600, usd.GetProperty("available").GetInt64() + usd.GetProperty("pending").GetInt64());
        var day = mine.GetProperty("videos").EnumerateArray().Single();
        Assert.Equal((video, 600L), (day.GetProperty("video_id").GetGuid(), day.GetProperty("revenue").GetInt64()));
        var row = theirs.GetProperty("campaigns").EnumerateArray().Single();
        Assert.Equal((creative, 3L, 2L, 1000L, 3L), (row.GetProperty("creative_id").GetGuid(), row.GetProperty("impressions").GetInt64(),
            row.GetProperty("clicks").GetInt64(), row.GetProperty("spend").GetInt64(), row.GetProperty("reach").GetInt64()));
        Assert.Equal(0.666667, row.GetProperty("ctr").GetDouble(), 5);
        Assert.Equal(333333.333, row.GetProperty("ecpm").GetDouble(), 2);
        using var payload = JsonDocument.Parse(events!);
        Assert.Equal((creator.Id, campaign, 600L, "usd"), (payload.RootElement.GetProperty("creator_id").GetGuid(), payload.RootElement.GetProperty("campaign_id").GetGuid(),
            payload.RootElement.GetProperty("amount").GetInt64(), payload.RootElement.GetProperty("currency").GetString()));
    }

    [Fact]
    public async Task Analytics_UnknownScopeOrBadRange_Is400()
    {
        var user = await api.Factory.UserAsync(api.Database.ConnectionString);

        await (await _client.GetAsync("/api/v1/ads/analytics?scope=galaxy", user.Token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_scope");
        await (await _client.GetAsync("/api/v1/ads/analytics?from=2026-05-01&to=2026-04-01", user.Token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_range");
        await (await _client.GetAsync("/api/v1/ads/analytics?from=2020-01-01&to=2026-04-01", user.Token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_range");
        await (await _client.GetAsync("/api/v1/ads/analytics?campaign_id=nope", user.Token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_campaign_id");
    }
}
