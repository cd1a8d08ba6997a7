using System.Net;
using SocialFlow.ApiHost.Tests.Payments;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Tests.Ads;

/// <summary>The Premium plan's no_ads perk: its subscribers get no ads (204) where others are served one. In the payments
/// profile, whose Stripe stand-in sells the plan (and whose silo reads serving campaigns every 2 s, the default).</summary>
[Collection(PaymentsCollection.Name)]
public sealed class PremiumAdsTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task PremiumSubscriber_GetsNoAds_AFreeViewerOfTheSameVideoDoes()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 4);
        var (advertiser, creator, free, premium) = (users[0], users[1], users[2], users[3]);
        var tag = AdsApi.UniqueTag();
        await api.ServingAsync(_client, advertiser, AdsApi.Campaign(tag));
        var video = await api.CreatorVideoAsync(_client, creator, tag);
        await _client.SubscribedAsync(premium.Token, PlanIds.Of("premium"), "pm_card_visa");

        var freeAd = await Eventually.ValueAsync(async () => (await _client.AdAsync(video, free.Token)).StatusCode, s => s == HttpStatusCode.OK);
        var premiumAd = await _client.AdAsync(video, premium.Token);

        Assert.Equal(HttpStatusCode.OK, freeAd);
        Assert.Equal(HttpStatusCode.NoContent, premiumAd.StatusCode);
    }
}
