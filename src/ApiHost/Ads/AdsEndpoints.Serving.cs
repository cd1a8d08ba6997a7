using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Ads;

public static partial class AdsEndpoints
{
    private const int MaxAnalyticsDays = 366;

    /// <summary>
    /// The ad for this viewer before this video, or 204: none to the video's creator, none when they have not opted the video in, the video is
    /// members-only or paid (its access is restricted), the viewer's platform plan has no_ads (Premium), or no campaign is
    /// eligible (targeting, frequency cap, schedule, budget, pacing). VAST 4 XML with <c>?format=vast</c> or
    /// <c>Accept: application/xml</c>, else JSON.
    /// </summary>
    public static async Task<Results<Ok<AdResponse>, ContentHttpResult, NoContent, ProblemHttpResult>> Decide(
        Guid videoId, [FromQuery] string? format, HttpContext http, IGrainFactory grains, IContentGate gate, AdTokens tokens, AdRequestReader reader,
        ClaimsPrincipal user)
    {
        if (format is not (null or "json" or "vast")) return Problems.Result(400, "invalid_format", "format must be json or vast.");
        var viewer = user.UserId();
        http.Response.Headers.CacheControl = "no-store";
        if (await grains.Ref<IVideoGrain>(videoId).GetAsync(viewer) is not { } video) return Problems.NotFound("video");
        // No ads to the creator on their own video: their views would pay them.
        if (video.OwnerId == viewer || !await grains.Ref<IAdVideoGrain>(videoId).EnabledAsync() || (await gate.CheckAsync(videoId, viewer)).Restricted)
        {
            return TypedResults.NoContent();
        }
        if ((await grains.Ref<ISubscriberGrain>(viewer).PlatformPerksAsync()).Contains(PlanPerks.NoAds)) return TypedResults.NoContent();
        var serve = await grains.Ref<IAdViewerGrain>(viewer).DecideAsync(reader.Read(http.Request, viewer, videoId, video.OwnerId, video.Tags));
        if (serve is null) return TypedResults.NoContent();

        var api = $"{http.Request.Scheme}://{http.Request.Host}/api/v1";
        var impression = $"{api}/ads/impression?token={tokens.Sign(new AdToken(AdTokenPurpose.Impression, serve.ServeId, serve.CampaignId, serve.ExpiresAt))}";
        var click = $"{api}/ads/click?token={tokens.Sign(new AdToken(AdTokenPurpose.Click, serve.ServeId, serve.CampaignId, serve.ExpiresAt))}";
        var ad = serve.Image is { } image
            ? new AdResponse(serve.ServeId, serve.CampaignId, serve.CreativeId, AdResponse.Image, null, image.Id,
                $"{api}/ads/campaigns/{serve.CampaignId}/creatives/{serve.CreativeId}/image", image.ContentType, image.Width, image.Height, null,
                serve.ClickUrl, impression, click, serve.ExpiresAt)
            : new AdResponse(serve.ServeId, serve.CampaignId, serve.CreativeId, AdResponse.Video, serve.VideoId, null,
                $"{api}/videos/{serve.VideoId}/stream/master.m3u8", ContentTypes.Playlist, null, null,
                (await grains.Ref<IVideoGrain>(serve.VideoId!.Value).GetAsync(viewer))?.DurationSeconds, serve.ClickUrl, impression, click, serve.ExpiresAt);
        if (!WantsVast(format, http.Request)) return TypedResults.Ok(ad);
        var vast = Vast.Document(ad);
        return TypedResults.Text(vast.Declaration + "\n" + vast.ToString(), "application/xml; charset=utf-8");
    }

    /// <summary>Counts the impression of a served ad once per token (POST, or GET as a VAST player's pixel): 204; a forged
    /// or expired token, or one already counted, is 400 and counts nothing.</summary>
    public static Task<Results<NoContent, ProblemHttpResult>> Impression([FromQuery] string? token, AdTokens tokens, IGrainFactory grains, HttpResponse response) =>
        CountAsync(response, tokens.Check(token, AdTokenPurpose.Impression), t => grains.Ref<IAdCampaignGrain>(t.CampaignId).ImpressionAsync(t.ServeId));

    /// <summary>Counts a click once, and only after the ad's impression (else 400, counting nothing); POST or GET.</summary>
    public static Task<Results<NoContent, ProblemHttpResult>> Click([FromQuery] string? token, AdTokens tokens, IGrainFactory grains, HttpResponse response) =>
        CountAsync(response, tokens.Check(token, AdTokenPurpose.Click), t => grains.Ref<IAdCampaignGrain>(t.CampaignId).ClickAsync(t.ServeId));

    /// <summary>An image creative's image: anyone's once approved (a player fetches it without credentials, and the ad
    /// was served only approved), while pending or rejected only its advertiser's and moderators' (else 404).</summary>
    public static async Task<IResult> GetCreativeImage(Guid id, Guid creativeId, HttpContext http, IGrainFactory grains, IMediaFiles files, ClaimsPrincipal user)
    {
        var image = await grains.Ref<IAdCampaignGrain>(id).CreativeImageAsync(creativeId, user.ViewerId(), user.IsModerator());
        if (image is null) return Problems.NotFound("image");
        var stream = await files.OpenReadAsync(new MediaFile.PostImage(image.Media.StorageKey), ct: http.RequestAborted);
        if (stream is null) return Problems.NotFound("image");
        // The bytes never change; whether they may be shown can (a moderator may still remove the creative).
        http.Response.Headers.CacheControl = image.Approved ? "public, max-age=600" : "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(stream, image.Media.ContentType, lastModified: image.Media.CreatedAt,
            entityTag: new EntityTagHeaderValue($"\"{image.Media.Id:N}\""), enableRangeProcessing: true);
    }

    /// <summary>
    /// scope=advertiser (default): the caller's campaigns (or one, campaign_id) per campaign, creative and day —
    /// impressions, clicks, CTR, spend, eCPM, unique reach. scope=creator: the caller's ad revenue per video and day, as
    /// credited. from and to are UTC dates (yyyy-MM-dd, at most 366 days; default the last 28).
    /// </summary>
    public static async Task<Results<Ok<AdAnalyticsResponse>, ProblemHttpResult>> Analytics(
        [FromQuery] string? scope, [FromQuery(Name = "campaign_id")] string? campaignId, [FromQuery] string? from, [FromQuery] string? to,
        IGrainFactory grains, TimeProvider clock, ClaimsPrincipal user)
    {
        scope ??= "advertiser";
        if (scope is not ("advertiser" or "creator")) return Problems.Result(400, "invalid_scope", "scope must be advertiser or creator.");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!TryDay(to, today, out var last) || !TryDay(from, last.AddDays(-27), out var first) || last < first || last.DayNumber - first.DayNumber >= MaxAnalyticsDays)
        {
            return Problems.Result(400, "invalid_range", $"from and to must be dates (yyyy-MM-dd), from not after to, at most {MaxAnalyticsDays} days.");
        }
        Guid? campaign = null;
        if (campaignId is not null)
        {
            if (scope != "advertiser" || !Guid.TryParse(campaignId, out var id)) return Problems.Result(400, "invalid_campaign_id", "campaign_id must be a campaign's id (scope advertiser).");
            if (await grains.Ref<IAdCampaignGrain>(id).GetAsync(user.UserId()) is null) return Problems.NotFound("campaign");
            campaign = id;
        }
        var directory = grains.Ref<IAdDirectoryGrain>(0);
        return scope == "creator"
            ? TypedResults.Ok(new AdAnalyticsResponse(scope, first, last, null,
                [.. (await directory.CreatorDaysAsync(user.UserId(), first, last)).Select(r => new CreatorAdDayResponse(r.VideoId, r.Day, r.Revenue, r.Currency))]))
            : TypedResults.Ok(new AdAnalyticsResponse(scope, first, last,
                [.. (await directory.AdvertiserDaysAsync(user.UserId(), campaign, first, last)).Select(AdDayResponse.From)], null));
    }

    /// <summary>A tracking answer is 204 with no body (a player ignores it) and never cached: a cached pixel would not reach us.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> CountAsync(HttpResponse response, AdToken? token, Func<AdToken, Task<AdEventOutcome>> count)
    {
        response.Headers.CacheControl = "no-store";
        if (token is not { } t) return Problems.Result(400, "invalid_ad_token", "The ad token is not valid (altered, for another use, or expired).");
        return await count(t) == AdEventOutcome.Counted
            ? TypedResults.NoContent()
            : Problems.Result(400, "ad_token_used", "This ad token was counted already (or its ad was not shown first, or it lapsed).");
    }

    private static bool WantsVast(string? format, HttpRequest request) => format == "vast"
        || (format is null && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Value is "application/xml" or "text/xml"));

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        if (text is null) { day = fallback; return true; }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
