using System.Net;

namespace SocialFlow.ApiHost.Tests.Ads;

/// <summary>Advertisers' campaigns and creatives: only the owner sees or changes them (others get 404), budgets, bids and
/// click URLs are validated, and a creative serves only once a moderator approved it in the moderation queue.</summary>
[Collection(AdsCollection.Name)]
public sealed class CampaignTests(AdsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Campaign_OwnerCreatesReadsPatchesAndLists_OthersGet404()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (owner, other) = (users[0], users[1]);
        var id = await _client.CreatedAsync(owner.Token, AdsApi.Campaign(AdsApi.UniqueTag(), cap: new { impressions = 3, hours = 24 }));

        var read = await (await _client.GetAsync($"/api/v1/ads/campaigns/{id}", owner.Token)).ReadJsonAsync();
        var patched = await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/ads/campaigns/{id}", new { status = "paused", bid = 7000 }, owner.Token);
        var listed = await (await _client.GetAsync("/api/v1/ads/campaigns?limit=10", owner.Token)).ReadJsonAsync();

        Assert.Equal(("spring sale", "cpm", 3), (read.GetProperty("name").GetString(), read.GetProperty("bid_kind").GetString(),
            read.GetProperty("frequency_cap").GetProperty("impressions").GetInt32()));
        var after = await patched.ReadJsonAsync();
        Assert.Equal(("paused", 7000), (after.GetProperty("status").GetString(), after.GetProperty("bid").GetInt64()));
        Assert.Equal([id], listed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        await (await _client.GetAsync($"/api/v1/ads/campaigns/{id}", other.Token)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/ads/campaigns/{id}", new { status = "ended" }, other.Token))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.PostJsonAsync($"/api/v1/ads/campaigns/{id}/creatives", new { video_id = Guid.NewGuid(), click_url = "https://x.example" }, other.Token))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.GetAsync($"/api/v1/ads/analytics?campaign_id={id}", other.Token)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await (await _client.GetAsync("/api/v1/ads/campaigns", other.Token)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal("paused", (await (await _client.GetAsync($"/api/v1/ads/campaigns/{id}", owner.Token)).ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("daily_budget", 1000L, 2000L, "cpm", 100L)]
    [InlineData("total_budget", 0L, 0L, "cpm", 100L)]
    [InlineData("bid", 1000L, 1000L, "cpm", 0L)]
    [InlineData("bid_kind", 1000L, 1000L, "cpa", 100L)]
    public async Task Campaign_BadBudgetOrBid_Is400NamingTheField(string field, long total, long daily, string bidKind, long bid)
    {
        var user = await api.Factory.UserAsync(api.Database.ConnectionString);
        var response = await _client.PostJsonAsync("/api/v1/ads/campaigns", AdsApi.Campaign("x", total, daily, bidKind, bid), user.Token);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Creative_ClickUrlNotHttps_Is400_AndSomeoneElsesVideo_Is400()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var id = await _client.CreatedAsync(users[0].Token, AdsApi.Campaign(AdsApi.UniqueTag()));
        var othersVideo = await api.CreatorVideoAsync(_client, users[1], "x", optIn: false);

        var http = await _client.PostJsonAsync($"/api/v1/ads/campaigns/{id}/creatives", new { video_id = othersVideo, click_url = "http://shop.example" }, users[0].Token);
        var js = await _client.PostJsonAsync($"/api/v1/ads/campaigns/{id}/creatives", new { video_id = othersVideo, click_url = "javascript:alert(1)" }, users[0].Token);
        var notMine = await _client.PostJsonAsync($"/api/v1/ads/campaigns/{id}/creatives", new { video_id = othersVideo, click_url = "https://shop.example" }, users[0].Token);

        Assert.True((await http.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("click_url", out _));
        await js.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await notMine.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_creative");
        Assert.Empty((await (await _client.GetAsync($"/api/v1/ads/campaigns/{id}", users[0].Token)).ReadJsonAsync()).GetProperty("creatives").EnumerateArray());
    }

    [Fact]
    public async Task Creative_ServesOnlyAfterAModeratorApprovesItInTheQueue()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var (advertiser, creator, viewer) = (users[0], users[1], users[2]);
        var tag = AdsApi.UniqueTag();
        var campaign = await _client.CreatedAsync(advertiser.Token, AdsApi.Campaign(tag));
        var creative = await api.CreativeAsync(_client, advertiser, campaign);
        var video = await api.CreatorVideoAsync(_client, creator, tag);

        var pending = await _client.AdAsync(video, viewer.Token);
        await api.ApproveAsync(_client, creative);
        var served = await _client.ServedAsync(video, viewer.Token);

        Assert.Equal(HttpStatusCode.NoContent, pending.StatusCode);
        Assert.Equal(creative, served.GetProperty("creative_id").GetGuid());
        var read = await (await _client.GetAsync($"/api/v1/ads/campaigns/{campaign}", advertiser.Token)).ReadJsonAsync();
        Assert.Equal("approved", read.GetProperty("creatives")[0].GetProperty("status").GetString());
        Assert.Equal(1L, await api.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'content.moderated' AND target_type = 'ad_creative' AND target_id = $1", creative.ToString()));
    }
}
