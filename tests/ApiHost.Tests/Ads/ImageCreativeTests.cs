using System.Net;
using System.Xml.Linq;

namespace SocialFlow.ApiHost.Tests.Ads;

/// <summary>Image creatives: an image uploaded through the post images' pipeline, approved in the moderation queue like a
/// video creative, served as JSON (media_type image) or as a VAST NonLinear ad, its image fetchable by the viewer (and a
/// player, without credentials) once approved and only by its advertiser before; another account's image cannot be used,
/// nor one a creative took already (by another creative or a post).</summary>
[Collection(AdsCollection.Name)]
public sealed class ImageCreativeTests(AdsFixture api)
{
    private static readonly XNamespace Vast = "http://www.iab.com/VAST";
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ImageCreative_PendingNeverServes_ApprovedServesAsJsonAndVastNonLinear_ItsImageFetchableByTheViewer()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var (advertiser, creator, viewer) = (users[0], users[1], users[2]);
        var tag = AdsApi.UniqueTag();
        var campaign = await _client.CreatedAsync(advertiser.Token, AdsApi.Campaign(tag));
        var image = await _client.ImageAsync(advertiser.Token, 48, 32);
        var created = await _client.ImageCreativeAsync(advertiser.Token, campaign, image);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var creative = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var imageUrl = $"/api/v1/ads/campaigns/{campaign}/creatives/{creative}/image";
        var video = await api.CreatorVideoAsync(_client, creator, tag);

        var pending = await _client.AdAsync(video, viewer.Token);
        var pendingToViewer = await _client.GetAsync(imageUrl, viewer.Token);
        var pendingToAdvertiser = await _client.GetAsync(imageUrl, advertiser.Token);
        await api.ApproveAsync(_client, creative);
        var ad = await _client.ServedAsync(video, viewer.Token);
        var vast = XDocument.Parse(await (await _client.AdAsync(video, viewer.Token, "?format=vast")).Content.ReadAsStringAsync());
        var shown = await _client.PixelAsync(ad.GetProperty("media_url").GetString()!);

        Assert.Equal(HttpStatusCode.NoContent, pending.StatusCode);
        await pendingToViewer.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, pendingToAdvertiser.StatusCode);
        Assert.Equal(("image", creative, image), (ad.GetProperty("media_type").GetString(), ad.GetProperty("creative_id").GetGuid(), ad.GetProperty("image_id").GetGuid()));
        Assert.Equal((48, 32, "image/png"), (ad.GetProperty("width").GetInt32(), ad.GetProperty("height").GetInt32(), ad.GetProperty("content_type").GetString()));
        Assert.EndsWith(imageUrl, ad.GetProperty("media_url").GetString());
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("image/png", shown.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await pendingToAdvertiser.Content.ReadAsByteArrayAsync(), await shown.Content.ReadAsByteArrayAsync());

        var creativeElement = vast.Descendants(Vast + "Creative").Single();
        Assert.Null(creativeElement.Element(Vast + "Linear"));
        var nonLinear = creativeElement.Element(Vast + "NonLinearAds")!.Element(Vast + "NonLinear")!;
        Assert.Equal(("48", "32"), (nonLinear.Attribute("width")!.Value, nonLinear.Attribute("height")!.Value));
        var resource = nonLinear.Element(Vast + "StaticResource")!;
        Assert.Equal("image/png", resource.Attribute("creativeType")!.Value);
        Assert.EndsWith(imageUrl, resource.Value.Trim());
        Assert.Equal("https://shop.example/banner", nonLinear.Element(Vast + "NonLinearClickThrough")!.Value.Trim());
        Assert.Contains("/api/v1/ads/click?token=", nonLinear.Element(Vast + "NonLinearClickTracking")!.Value);
        Assert.Contains("/api/v1/ads/impression?token=", vast.Descendants(Vast + "Impression").Single().Value);
    }

    [Fact]
    public async Task ImageCreative_AnotherAccountsImage_OrAnImageUsedAlready_Is400_AndExactlyOneMediumIsRequired()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (advertiser, other) = (users[0], users[1]);
        var campaign = await _client.CreatedAsync(advertiser.Token, AdsApi.Campaign(AdsApi.UniqueTag()));
        var othersImage = await _client.ImageAsync(other.Token);
        var mine = await _client.ImageAsync(advertiser.Token);

        var stolen = await _client.ImageCreativeAsync(advertiser.Token, campaign, othersImage);
        var missing = await _client.ImageCreativeAsync(advertiser.Token, campaign, Guid.NewGuid());
        var first = await _client.ImageCreativeAsync(advertiser.Token, campaign, mine);
        var reused = await _client.ImageCreativeAsync(advertiser.Token, campaign, mine);
        var both = await _client.PostJsonAsync($"/api/v1/ads/campaigns/{campaign}/creatives",
            new { video_id = Guid.NewGuid(), image_id = mine, click_url = "https://shop.example" }, advertiser.Token);
        var neither = await _client.PostJsonAsync($"/api/v1/ads/campaigns/{campaign}/creatives", new { click_url = "https://shop.example" }, advertiser.Token);
        var inAPost = await _client.PostJsonAsync("/api/v1/posts", new { text = "look", visibility = "public", media_ids = new[] { mine } }, advertiser.Token);

        await stolen.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_creative");
        await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_creative");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await reused.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_creative");
        Assert.True((await both.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("image_id", out _));
        Assert.True((await neither.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("video_id", out _));
        await inAPost.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "media_unavailable");
        var read = await (await _client.GetAsync($"/api/v1/ads/campaigns/{campaign}", advertiser.Token)).ReadJsonAsync();
        var only = Assert.Single(read.GetProperty("creatives").EnumerateArray());
        Assert.Equal(("image", mine), (only.GetProperty("media_type").GetString(), only.GetProperty("image_id").GetGuid()));
        Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM post_media WHERE ad_creative_id IS NOT NULL AND id = $1", mine));
    }
}
