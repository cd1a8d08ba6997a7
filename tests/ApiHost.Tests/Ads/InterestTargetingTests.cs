using System.Net;

namespace SocialFlow.ApiHost.Tests.Ads;

/// <summary>Targeting by interests: a campaign for interest X serves viewers who picked X and nobody else, a change of
/// interests counts from the viewer's next decision, and a targeted interest that could not be one is 400.</summary>
[Collection(AdsCollection.Name)]
public sealed class InterestTargetingTests(AdsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Decide_InterestsTargeting_ServesOnlyViewersWithTheInterest_AndAChangeCountsFromTheNextDecision()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 4);
        var (advertiser, creator, fan, stranger) = (users[0], users[1], users[2], users[3]);
        var (tag, interest) = (AdsApi.UniqueTag(), "i" + Guid.NewGuid().ToString("N")[..12]);
        await PickAsync(fan.Token, interest.ToUpperInvariant(), "cooking");
        await PickAsync(stranger.Token, "cooking");
        var (campaign, _) = await api.ServingAsync(_client, advertiser, AdsApi.Campaign(tag, targeting: new { tags = new[] { tag }, interests = new[] { "#" + interest } }));
        var video = await api.CreatorVideoAsync(_client, creator, tag);

        var toFan = await _client.AdAsync(video, fan.Token);
        var toStranger = await _client.AdAsync(video, stranger.Token);
        await PickAsync(stranger.Token, "cooking", interest);
        await PickAsync(fan.Token, "cooking");
        var strangerAfter = await _client.AdAsync(video, stranger.Token);
        var fanAfter = await _client.AdAsync(video, fan.Token);

        Assert.Equal(HttpStatusCode.OK, toFan.StatusCode);
        Assert.Equal(campaign, (await toFan.ReadJsonAsync()).GetProperty("campaign_id").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, toStranger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, strangerAfter.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, fanAfter.StatusCode);
        var read = await (await _client.GetAsync($"/api/v1/ads/campaigns/{campaign}", advertiser.Token)).ReadJsonAsync();
        Assert.Equal([interest], read.GetProperty("targeting").GetProperty("interests").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task Campaign_TargetedInterestThatCouldNotBeOne_Is400NamingTheField()
    {
        var user = await api.Factory.UserAsync(api.Database.ConnectionString);
        var response = await _client.PostJsonAsync("/api/v1/ads/campaigns",
            AdsApi.Campaign("x", targeting: new { interests = new[] { "two words" } }), user.Token);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("targeting.interests", out _), problem.ToString());
    }

    private async Task PickAsync(string token, params string[] interests)
    {
        var response = await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/interests", new { interests }, token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
