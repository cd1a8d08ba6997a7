using System.Text.RegularExpressions;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Interests;

namespace SocialFlow.ApiHost.Ads;

/// <summary>Who a campaign reaches; every list is optional (empty: no restriction). devices: mobile, tablet, desktop, tv;
/// interests: written as hashtags (stored lower case, without '#'), matching a viewer who has one of them.</summary>
public sealed record TargetingRequest(
    IReadOnlyList<string>? Tags, IReadOnlyList<string>? Locales, IReadOnlyList<string>? Countries, IReadOnlyList<string>? Devices, IReadOnlyList<Guid>? FollowersOf,
    IReadOnlyList<string>? Interests = null)
{
    public static readonly string[] DeviceKinds = ["mobile", "tablet", "desktop", "tv"];

    public void Validate(FieldErrors errors)
    {
        Each(errors, "targeting.tags", Tags, 50, t => t.Length is > 0 and <= 50, "must be 1 to 50 characters");
        Each(errors, "targeting.locales", Locales, 50, l => AdPatterns.Locale().IsMatch(l), "must be language tags such as en or en-GB");
        Each(errors, "targeting.countries", Countries, 250, c => AdPatterns.Country().IsMatch(c), "must be upper-case ISO 3166 codes such as DE");
        Each(errors, "targeting.devices", Devices, 4, DeviceKinds.Contains, "must be among mobile, tablet, desktop, tv");
        Each(errors, "targeting.interests", Interests, Interest.MaxPicked, i => Interest.Normalise(i) is not null, InterestsRequest.RuleText);
        if (FollowersOf is { Count: > 100 }) errors.Add("targeting.followers_of", "at most 100 accounts");
        if (FollowersOf?.Contains(Guid.Empty) == true) errors.Add("targeting.followers_of", "must be account ids");
    }

    public AdTargeting ToTargeting() => new([.. Tags ?? []], [.. Locales ?? []], [.. Countries ?? []], [.. Devices ?? []], [.. FollowersOf ?? []])
    {
        Interests = [.. (Interests ?? []).Select(i => Interest.Normalise(i)!).Distinct(StringComparer.Ordinal)],
    };

    private static void Each(FieldErrors errors, string field, IReadOnlyList<string>? values, int max, Func<string, bool> valid, string message)
    {
        if (values is null) return;
        if (values.Count > max) errors.Add(field, $"at most {max} values");
        else if (values.Any(v => v is null || !valid(v))) errors.Add(field, message);
    }
}

/// <summary>At most impressions ads of the campaign per viewer within hours (1 to 720).</summary>
public sealed record FrequencyCapRequest(int? Impressions, int? Hours)
{
    public void Validate(FieldErrors errors)
    {
        if (Impressions is not (>= 1 and <= 1000)) errors.Add("frequency_cap.impressions", "must be from 1 to 1000");
        if (Hours is not (>= 1 and <= 720)) errors.Add("frequency_cap.hours", "must be from 1 to 720");
    }

    public FrequencyCap ToCap() => new(Impressions!.Value, Hours!.Value);
}

/// <summary>
/// `POST /ads/campaigns` body. Money in minor units of a lower-case currency: total_budget and daily_budget (at most
/// the total), a bid per thousand impressions (bid_kind cpm) or per click (cpc); starts_at (now when absent) and ends_at
/// (within a year); targeting and frequency_cap optional; status active (default) or paused.
/// </summary>
public sealed record CampaignRequest(
    string? Name, string? Currency, long? TotalBudget, long? DailyBudget, string? BidKind, long? Bid, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    TargetingRequest? Targeting, FrequencyCapRequest? FrequencyCap, string? Status) : IValidatable
{
    public const long MaxMoney = 1_000_000_000_000;

    public void Validate(FieldErrors errors)
    {
        errors.Required("name", Name, 100);
        if (Currency is null || !PaymentRequest.CurrencyPattern().IsMatch(Currency)) errors.Add("currency", "must be a lower-case ISO 4217 code such as usd");
        if (TotalBudget is not (>= 1 and <= MaxMoney)) errors.Add("total_budget", "must be a positive number of minor units");
        if (DailyBudget is not (>= 1 and <= MaxMoney)) errors.Add("daily_budget", "must be a positive number of minor units");
        else if (TotalBudget is { } total && DailyBudget > total) errors.Add("daily_budget", "must not exceed total_budget");
        errors.OneOf("bid_kind", BidKind, "cpm", "cpc");
        if (Bid is not (>= 1 and <= 1_000_000_000)) errors.Add("bid", "must be a positive number of minor units");
        if (EndsAt is null) errors.Add("ends_at", "is required");
        else if (EndsAt <= (StartsAt ?? DateTimeOffset.UtcNow)) errors.Add("ends_at", "must be after starts_at (and in the future)");
        else if (EndsAt > (StartsAt ?? DateTimeOffset.UtcNow).AddDays(366)) errors.Add("ends_at", "must be within a year of starts_at");
        if (Status is not null) errors.OneOf("status", Status, "active", "paused");
        Targeting?.Validate(errors);
        FrequencyCap?.Validate(errors);
    }

    public CampaignSpec ToSpec(DateTimeOffset now) => new(Name!.Trim(), Currency!, TotalBudget!.Value, DailyBudget!.Value,
        BidKind == "cpc" ? Grains.Interfaces.Ads.BidKind.Cpc : Grains.Interfaces.Ads.BidKind.Cpm, Bid!.Value, StartsAt ?? now, EndsAt!.Value,
        Targeting?.ToTargeting() ?? AdTargeting.Everyone, FrequencyCap?.ToCap(), Status == "paused" ? CampaignStatus.Paused : CampaignStatus.Active);
}

/// <summary>`PATCH /ads/campaigns/{id}` body: what changes (absent: unchanged). status active, paused or ended.</summary>
public sealed record CampaignPatchRequest(
    string? Name, long? TotalBudget, long? DailyBudget, long? Bid, DateTimeOffset? EndsAt, TargetingRequest? Targeting, FrequencyCapRequest? FrequencyCap,
    string? Status) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Name is not null) errors.Required("name", Name, 100);
        if (TotalBudget is not null and not (>= 1 and <= CampaignRequest.MaxMoney)) errors.Add("total_budget", "must be a positive number of minor units");
        if (DailyBudget is not null and not (>= 1 and <= CampaignRequest.MaxMoney)) errors.Add("daily_budget", "must be a positive number of minor units");
        if (Bid is not null and not (>= 1 and <= 1_000_000_000)) errors.Add("bid", "must be a positive number of minor units");
        if (Status is not null) errors.OneOf("status", Status, "active", "paused", "ended");
        Targeting?.Validate(errors);
        FrequencyCap?.Validate(errors);
    }

    public CampaignChanges ToChanges() => new(Name?.Trim(), TotalBudget, DailyBudget, Bid, EndsAt, Targeting?.ToTargeting(), FrequencyCap?.ToCap(),
        Status is null ? null : Enum.Parse<CampaignStatus>(Status, ignoreCase: true));
}

/// <summary>`POST /ads/campaigns/{id}/creatives` body: exactly one of a ready video of the advertiser's (uploaded through
/// tus) or an image of theirs (uploaded with POST /posts/media), and the https URL a click opens.</summary>
public sealed record CreativeRequest(Guid? VideoId, Guid? ImageId, string? ClickUrl) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (VideoId == Guid.Empty) errors.Add("video_id", "must be a video's id");
        if (ImageId == Guid.Empty) errors.Add("image_id", "must be an image's id");
        if (VideoId is null && ImageId is null) errors.Add("video_id", "is required (or image_id)");
        if (VideoId is not null && ImageId is not null) errors.Add("image_id", "give video_id or image_id, not both");
        if (errors.Required("click_url", ClickUrl, 2048)
            && !(Uri.TryCreate(ClickUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host)))
        {
            errors.Add("click_url", "must be an https URL");
        }
    }
}

/// <summary>`PUT /ads/videos/{id}/settings` body: whether the owner shows ads on the video.</summary>
public sealed record AdVideoSettingsRequest(bool? Enabled) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Enabled is null) errors.Add("enabled", "is required");
    }
}

public sealed record AdVideoSettingsResponse(Guid VideoId, bool Enabled);

/// <summary>A creative: media_type video (video_id) or image (image_id).</summary>
public sealed record CreativeResponse(Guid Id, string MediaType, Guid? VideoId, Guid? ImageId, string ClickUrl, CreativeStatus Status, DateTimeOffset CreatedAt)
{
    public static CreativeResponse From(CreativeView c) =>
        new(c.Id, c.ImageId is null ? AdResponse.Video : AdResponse.Image, c.VideoId, c.ImageId, c.ClickUrl, c.Status, c.CreatedAt);
}

/// <summary>A campaign: spent and reserved (held for ads served whose impression or click may still come), minor units.</summary>
public sealed record CampaignResponse(
    Guid Id, string Name, string Currency, long TotalBudget, long DailyBudget, BidKind BidKind, long Bid, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    AdTargeting Targeting, FrequencyCap? FrequencyCap, CampaignStatus Status, long Spent, long Reserved, IReadOnlyList<CreativeResponse> Creatives,
    DateTimeOffset CreatedAt)
{
    public static CampaignResponse From(CampaignView c) => new(c.Id, c.Spec.Name, c.Spec.Currency, c.Spec.TotalBudget, c.Spec.DailyBudget, c.Spec.BidKind,
        c.Spec.Bid, c.Spec.StartsAt, c.Spec.EndsAt, c.Spec.Targeting, c.Spec.FrequencyCap, c.Spec.Status, c.Spent, c.Reserved,
        [.. c.Creatives.Select(CreativeResponse.From)], c.CreatedAt);
}

/// <summary>The ad to show before a video: media_type video (media_url the creative's HLS playlist, duration_seconds) or
/// image (media_url the image, width and height in pixels), where a click goes, and the tracking URLs to POST or GET
/// (their tokens expire at expires_at; each counts once, a click only after the impression).</summary>
public sealed record AdResponse(
    Guid ServeId, Guid CampaignId, Guid CreativeId, string MediaType, Guid? VideoId, Guid? ImageId, string MediaUrl, string? ContentType, int? Width,
    int? Height, double? DurationSeconds, string ClickThroughUrl, string ImpressionUrl, string ClickUrl, DateTimeOffset ExpiresAt)
{
    public const string Video = "video", Image = "image";
}

public sealed record AdDayResponse(Guid CampaignId, Guid CreativeId, DateOnly Day, long Impressions, long Clicks, double Ctr, long Spend, double Ecpm, long Reach, string Currency)
{
    public static AdDayResponse From(AdDayRow r) => new(r.CampaignId, r.CreativeId, r.Day, r.Impressions, r.Clicks,
        r.Impressions == 0 ? 0 : Math.Round((double)r.Clicks / r.Impressions, 6), r.Spend, r.Impressions == 0 ? 0 : Math.Round(r.Spend * 1000.0 / r.Impressions, 3),
        r.Reach, r.Currency);
}

public sealed record CreatorAdDayResponse(Guid VideoId, DateOnly Day, long Revenue, string Currency);

/// <summary>`GET /ads/analytics`: scope advertiser (per campaign, creative and day) or creator (ad revenue per video and day).</summary>
public sealed record AdAnalyticsResponse(string Scope, DateOnly From, DateOnly To, IReadOnlyList<AdDayResponse>? Campaigns, IReadOnlyList<CreatorAdDayResponse>? Videos);

public static partial class AdPatterns
{
    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    public static partial Regex Locale();

    [GeneratedRegex("^[A-Z]{2}$")]
    public static partial Regex Country();
}
