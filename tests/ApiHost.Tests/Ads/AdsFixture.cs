using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.ApiHost.Tests.Videos;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Tests.Ads;

[CollectionDefinition(Name)]
public sealed class AdsCollection : ICollectionFixture<AdsFixture>
{
    public const string Name = "ads";
}

/// <summary>
/// The ads profile: each silo's catalog of serving campaigns read on every decision (no refresh delay), pacing with a
/// lead of a whole day (so that only the tests of pacing itself see its ceiling), settlements every 200 ms, and rate
/// limits that let 200 concurrent requests of one user through.
/// </summary>
public sealed class AdsFixture : ApiFixture
{
    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Ads:CatalogRefresh"] = "00:00:00",
        ["SocialFlow:Ads:PacingLead"] = "1.00:00:00",
        ["SocialFlow:Ads:SettleEvery"] = "00:00:00.200",
        ["SocialFlow:Ads:CreatorShare"] = "0.6",
        ["SocialFlow:RateLimits:PerUserPerSecond"] = "1000",
        ["SocialFlow:RateLimits:PerUserBurst"] = "5000",
    };
}

/// <summary>Campaigns, creatives approved through the moderation queue, opted-in videos and decisions, through the API.
/// Each test's campaigns target a tag of its own, so that campaigns of other tests in the shared database never compete.</summary>
public static class AdsApi
{
    public static string UniqueTag() => "ad" + Guid.NewGuid().ToString("N")[..10];

    public static object Campaign(string tag, long total = 100_000, long daily = 100_000, string bidKind = "cpm", long bid = 5000, object? cap = null,
        object? targeting = null) => new
        {
            name = "spring sale",
            currency = "usd",
            total_budget = total,
            daily_budget = daily,
            bid_kind = bidKind,
            bid,
            ends_at = DateTimeOffset.UtcNow.AddDays(30),
            targeting = targeting ?? new { tags = new[] { tag } },
            frequency_cap = cap,
        };

    public static async Task<Guid> CreatedAsync(this HttpClient client, string token, object campaign)
    {
        var response = await client.PostJsonAsync("/api/v1/ads/campaigns", campaign, token);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>A creative on the advertiser's own ready video; pending until a moderator approves it.</summary>
    public static async Task<Guid> CreativeAsync(this ApiFixture api, HttpClient client, (Guid Id, string Token) advertiser, Guid campaign)
    {
        var video = await api.RecordedAsync(advertiser.Id, new NewVideo("our product", "", [], VideoVisibility.Public, 1000), durationSeconds: 15);
        var response = await client.PostJsonAsync($"/api/v1/ads/campaigns/{campaign}/creatives", new { video_id = video, click_url = "https://shop.example/spring" }, advertiser.Token);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>Approves the creative as a moderator would: its case in the moderation queue, resolved with approve.</summary>
    public static async Task ApproveAsync(this ApiFixture api, HttpClient client, Guid creative)
    {
        var moderator = await api.Factory.GrantRoleAsync((await api.Factory.UserAsync(api.Database.ConnectionString)).Token, "moderator");
        var caseId = await Eventually.ValueAsync(async () =>
        {
            var page = await (await client.GetAsync("/api/v1/moderation/queue?limit=100&target_type=ad_creative", moderator)).ReadJsonAsync();
            return page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("target_id").GetGuid() == creative)
                .Select(i => i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, id => id != Guid.Empty);
        var resolved = await client.PostJsonAsync($"/api/v1/moderation/queue/{caseId}/resolve", new { action = "approve", reason = "fine ad" }, moderator);
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
    }

    /// <summary>A serving campaign: created, with one creative approved through the queue.</summary>
    public static async Task<(Guid Campaign, Guid Creative)> ServingAsync(this ApiFixture api, HttpClient client, (Guid Id, string Token) advertiser, object campaign)
    {
        var id = await client.CreatedAsync(advertiser.Token, campaign);
        var creative = await api.CreativeAsync(client, advertiser, id);
        await api.ApproveAsync(client, creative);
        return (id, creative);
    }

    /// <summary>A ready public video of <paramref name="creator"/> with the tag, ads opted in (unless told not to).</summary>
    public static async Task<Guid> CreatorVideoAsync(this ApiFixture api, HttpClient client, (Guid Id, string Token) creator, string tag, bool optIn = true)
    {
        var video = await api.RecordedAsync(creator.Id, new NewVideo("my vlog", "", [tag], VideoVisibility.Public, 1000));
        if (optIn)
        {
            var set = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/ads/videos/{video}/settings", new { enabled = true }, creator.Token);
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }
        return video;
    }

    public static async Task<HttpResponseMessage> AdAsync(this HttpClient client, Guid video, string token, string query = "", params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/ads/video/{video}{query}");
        request.Headers.Authorization = new("Bearer", token);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> ServedAsync(this HttpClient client, Guid video, string token)
    {
        var response = await client.AdAsync(video, token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    /// <summary>POSTs a tracking URL (impression or click) as a player would, without a bearer token.</summary>
    public static Task<HttpResponseMessage> TrackAsync(this HttpClient client, string url) => client.PostAsync(new Uri(url).PathAndQuery, null);

    /// <summary>GETs a URL of an ad as a VAST player does (a tracking pixel, an image), without a bearer token.</summary>
    public static Task<HttpResponseMessage> PixelAsync(this HttpClient client, string url) => client.GetAsync(new Uri(url).PathAndQuery);

    /// <summary>A PNG uploaded through the post images' pipeline (POST /posts/media); its id.</summary>
    public static async Task<Guid> ImageAsync(this HttpClient client, string token, int width = 48, int height = 32)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await TestImages.PngAsync(width, height));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "banner.png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/posts/media") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> ImageCreativeAsync(this HttpClient client, string token, Guid campaign, Guid image) =>
        client.PostJsonAsync($"/api/v1/ads/campaigns/{campaign}/creatives", new { image_id = image, click_url = "https://shop.example/banner" }, token);
}
