using System.Net;
using System.Xml.Linq;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.ApiHost.Tests.Ads;

/// <summary>The ad decision: JSON or VAST 4 XML; 204 when the creator did not opt the video in, the video is
/// members-only, the viewer is its creator, or nothing is eligible; targeting by country and device; the highest expected value wins.</summary>
[Collection(AdsCollection.Name)]
public sealed class ServingTests(AdsFixture api)
{
    private static readonly XNamespace Vast = "http://www.iab.com/VAST";
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Decide_AnswersJson_OrVast4WhenAskedByAcceptOrFormat()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var tag = AdsApi.UniqueTag();
        var (campaign, creative) = await api.ServingAsync(_client, users[0], AdsApi.Campaign(tag));
        var video = await api.CreatorVideoAsync(_client, users[1], tag);

        var json = await _client.ServedAsync(video, users[2].Token);
        var byAccept = await _client.AdAsync(video, users[2].Token, "", ("Accept", "application/xml"));
        var byFormat = await _client.AdAsync(video, users[2].Token, "?format=vast");
        var badFormat = await _client.AdAsync(video, users[2].Token, "?format=html");

        Assert.Equal((campaign, creative), (json.GetProperty("campaign_id").GetGuid(), json.GetProperty("creative_id").GetGuid()));
        Assert.Equal("https://shop.example/spring", json.GetProperty("click_through_url").GetString());
        Assert.Contains("/api/v1/ads/impression?token=", json.GetProperty("impression_url").GetString());
        foreach (var response in new[] { byAccept, byFormat })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
            var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = doc.Root!;
            Assert.Equal((Vast + "VAST", "4.2"), (root.Name, root.Attribute("version")!.Value));
            var inline = root.Element(Vast + "Ad")!.Element(Vast + "InLine")!;
            foreach (var required in new[] { "AdSystem", "AdTitle", "AdServingId", "Impression", "Creatives" }) Assert.NotNull(inline.Element(Vast + required));
            var linear = inline.Element(Vast + "Creatives")!.Element(Vast + "Creative")!.Element(Vast + "Linear")!;
            Assert.NotNull(inline.Element(Vast + "Creatives")!.Element(Vast + "Creative")!.Element(Vast + "UniversalAdId"));
            Assert.Equal("00:00:15.000", linear.Element(Vast + "Duration")!.Value);
            Assert.EndsWith("/stream/master.m3u8", linear.Element(Vast + "MediaFiles")!.Element(Vast + "MediaFile")!.Value.Trim());
            Assert.Contains("/api/v1/ads/click?token=", linear.Element(Vast + "VideoClicks")!.Element(Vast + "ClickTracking")!.Value);
            Assert.Contains("/api/v1/ads/impression?token=", inline.Element(Vast + "Impression")!.Value);
        }
        await badFormat.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_format");
    }

    [Fact]
    public async Task Decide_NotOptedIn_MembersOnly_TheCreatorsOwn_OrNothingEligible_Is204()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var (advertiser, creator, viewer) = (users[0], users[1], users[2]);
        var tag = AdsApi.UniqueTag();
        await api.ServingAsync(_client, advertiser, AdsApi.Campaign(tag));
        var notOptedIn = await api.CreatorVideoAsync(_client, creator, tag, optIn: false);
        var membersOnly = await api.CreatorVideoAsync(_client, creator, tag);
        var untargeted = await api.CreatorVideoAsync(_client, creator, AdsApi.UniqueTag());
        var open = await api.CreatorVideoAsync(_client, creator, tag);
        var gated = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{membersOnly}/access", new { members_only = true }, creator.Token);
        Assert.Equal(HttpStatusCode.OK, gated.StatusCode);
        var strangersOptIn = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/ads/videos/{notOptedIn}/settings", new { enabled = true }, viewer.Token);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.AdAsync(notOptedIn, viewer.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.AdAsync(membersOnly, viewer.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.AdAsync(untargeted, viewer.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.AdAsync(open, creator.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.AdAsync(open, viewer.Token)).StatusCode);
        await strangersOptIn.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.AdAsync(Guid.NewGuid(), viewer.Token)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Decide_CountryAndDeviceTargeting_ServeOnlyMatchingRequests()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var tag = AdsApi.UniqueTag();
        await api.ServingAsync(_client, users[0], AdsApi.Campaign(tag, targeting: new { tags = new[] { tag }, countries = new[] { "DE" }, devices = new[] { "mobile" }, locales = new[] { "de" } }));
        var video = await api.CreatorVideoAsync(_client, users[1], tag);
        const string phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148";

        var desktop = await _client.AdAsync(video, users[2].Token, "", ("CF-IPCountry", "DE"), ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"), ("Accept-Language", "de-DE"));
        var france = await _client.AdAsync(video, users[2].Token, "", ("CF-IPCountry", "FR"), ("User-Agent", phone), ("Accept-Language", "de-DE"));
        var english = await _client.AdAsync(video, users[2].Token, "", ("CF-IPCountry", "DE"), ("User-Agent", phone), ("Accept-Language", "en-GB"));
        var matching = await _client.AdAsync(video, users[2].Token, "", ("CF-IPCountry", "DE"), ("User-Agent", phone), ("Accept-Language", "de-DE,en;q=0.5"));

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.OK),
            (desktop.StatusCode, france.StatusCode, english.StatusCode, matching.StatusCode));
    }

    [Fact]
    public async Task Decide_FollowersOfTargeting_And_HighestExpectedValueWins()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 5);
        var (advertiser, creator, fan, stranger, star) = (users[0], users[1], users[2], users[3], users[4]);
        var tag = AdsApi.UniqueTag();
        var (cheap, _) = await api.ServingAsync(_client, advertiser, AdsApi.Campaign(tag, bid: 1000));
        var (dear, _) = await api.ServingAsync(_client, advertiser, AdsApi.Campaign(tag, bid: 9000));
        var (fans, _) = await api.ServingAsync(_client, advertiser, AdsApi.Campaign(tag, bid: 20000, targeting: new { tags = new[] { tag }, followers_of = new[] { star.Id } }));
        await api.Grains.Ref<ISocialGraphGrain>(star.Id).FollowAsync(fan.Id);
        var video = await api.CreatorVideoAsync(_client, creator, tag);

        Assert.Equal(fans, (await _client.ServedAsync(video, fan.Token)).GetProperty("campaign_id").GetGuid());
        Assert.Equal(dear, (await _client.ServedAsync(video, stranger.Token)).GetProperty("campaign_id").GetGuid());
        Assert.NotEqual(cheap, dear);
    }
}
