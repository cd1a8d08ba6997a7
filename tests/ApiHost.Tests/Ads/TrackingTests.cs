using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Ads;

namespace SocialFlow.ApiHost.Tests.Ads;

/// <summary>Impression and click URLs carry signed, expiring tokens: a forged, altered, expired, replayed or misused token
/// is 400 and counts nothing; a click counts only after its impression, once.</summary>
[Collection(AdsCollection.Name)]
public sealed class TrackingTests(AdsFixture api)
{
    private static readonly XNamespace Vast = "http://www.iab.com/VAST";
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Tokens_ForgedExpiredOrReplayed_Are400AndCountNothing_AClickOnlyAfterItsImpressionOnce()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var tag = AdsApi.UniqueTag();
        var (campaign, _) = await api.ServingAsync(_client, users[0], AdsApi.Campaign(tag));
        var video = await api.CreatorVideoAsync(_client, users[1], tag);
        var ad = await _client.ServedAsync(video, users[2].Token);
        var (impression, click) = (ad.GetProperty("impression_url").GetString()!, ad.GetProperty("click_url").GetString()!);
        var serve = ad.GetProperty("serve_id").GetGuid();
        var tokens = api.Factory.Services.GetRequiredService<AdTokens>();
        var expired = tokens.Sign(new AdToken(AdTokenPurpose.Impression, serve, campaign, DateTimeOffset.UtcNow.AddSeconds(-1)));
        var altered = Altered(impression);

        var clickFirst = await _client.TrackAsync(click);
        var forged = await _client.TrackAsync($"http://localhost/api/v1/ads/impression?token={altered}");
        var late = await _client.TrackAsync($"http://localhost/api/v1/ads/impression?token={expired}");
        var clickAsImpression = await _client.TrackAsync(click.Replace("/ads/click", "/ads/impression", StringComparison.Ordinal));
        Assert.Equal(0L, await CountAsync(serve, "impression_at"));
        var counted = await _client.TrackAsync(impression);
        var replayed = await _client.TrackAsync(impression);
        var clicked = await _client.TrackAsync(click);
        var clickedAgain = await _client.TrackAsync(click);

        await clickFirst.AssertProblemAsync(HttpStatusCode.BadRequest, "ad_token_used");
        await forged.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_ad_token");
        await late.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_ad_token");
        await clickAsImpression.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_ad_token");
        Assert.Equal(HttpStatusCode.NoContent, counted.StatusCode);
        await replayed.AssertProblemAsync(HttpStatusCode.BadRequest, "ad_token_used");
        Assert.Equal(HttpStatusCode.NoContent, clicked.StatusCode);
        await clickedAgain.AssertProblemAsync(HttpStatusCode.BadRequest, "ad_token_used");
        Assert.Equal((1L, 1L), (await CountAsync(serve, "impression_at"), await CountAsync(serve, "click_at")));
        await (await _client.PostAsync("/api/v1/ads/impression", null)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_ad_token");
    }

    [Fact]
    public async Task VastPlayer_GetsImpressionAndClickTrackingUrls_EachCountsOnce_NeverCached()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 3);
        var tag = AdsApi.UniqueTag();
        await api.ServingAsync(_client, users[0], AdsApi.Campaign(tag));
        var video = await api.CreatorVideoAsync(_client, users[1], tag);
        var vast = XDocument.Parse(await (await _client.AdAsync(video, users[2].Token, "?format=vast")).Content.ReadAsStringAsync());
        var impression = vast.Descendants(Vast + "Impression").Single().Value.Trim();
        var click = vast.Descendants(Vast + "ClickTracking").Single().Value.Trim();
        var serve = Guid.Parse(vast.Descendants(Vast + "AdServingId").Single().Value);

        var clickFirst = await _client.PixelAsync(click);
        var forged = await _client.PixelAsync(impression.Replace("token=", "token=A", StringComparison.Ordinal));
        var counted = await _client.PixelAsync(impression);
        var clicked = await _client.PixelAsync(click);
        var impressionAgain = await _client.PixelAsync(impression);
        var clickAgain = await _client.PixelAsync(click);

        await clickFirst.AssertProblemAsync(HttpStatusCode.BadRequest, "ad_token_used");
        await forged.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_ad_token");
        foreach (var pixel in new[] { counted, clicked })
        {
            Assert.Equal(HttpStatusCode.NoContent, pixel.StatusCode);
            Assert.True(pixel.Headers.CacheControl?.NoStore, pixel.Headers.CacheControl?.ToString());
        }
        await impressionAgain.AssertProblemAsync(HttpStatusCode.BadRequest, "ad_token_used");
        await clickAgain.AssertProblemAsync(HttpStatusCode.BadRequest, "ad_token_used");
        Assert.Equal((1L, 1L), (await CountAsync(serve, "impression_at"), await CountAsync(serve, "click_at")));
    }

    private Task<long> CountAsync(Guid serve, string column) =>
        api.Database.ScalarAsync<long>($"SELECT count({column}) FROM ad_serves WHERE id = $1", serve);

    /// <summary>The token with one bit of its payload flipped (the serve id), its signature kept.</summary>
    private static string Altered(string url)
    {
        var bytes = WebEncoders.Base64UrlDecode(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        bytes[5] ^= 1;
        return WebEncoders.Base64UrlEncode(bytes);
    }
}
