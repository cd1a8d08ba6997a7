namespace SocialFlow.Grains.Interfaces.Ads;

/// <summary>How a campaign pays: per thousand impressions (Cpm) or per click (Cpc).</summary>
public enum BidKind { Cpm, Cpc }

public enum CampaignStatus { Active, Paused, Ended }

/// <summary>A creative serves only once approved (through the moderation queue).</summary>
public enum CreativeStatus { Pending, Approved, Rejected }

/// <summary>Who sees a campaign; an empty list does not restrict. Tags match the video's tags; locales match by language
/// prefix ("en" matches "en-GB"); countries are ISO 3166 alpha-2; devices mobile, tablet, desktop or tv; FollowersOf:
/// the viewer follows at least one of these accounts; Interests: one of the viewer's interests (normalised as hashtags).</summary>
[GenerateSerializer, Immutable]
public sealed record AdTargeting(
    [property: Id(0)] IReadOnlyList<string> Tags,
    [property: Id(1)] IReadOnlyList<string> Locales,
    [property: Id(2)] IReadOnlyList<string> Countries,
    [property: Id(3)] IReadOnlyList<string> Devices,
    [property: Id(4)] IReadOnlyList<Guid> FollowersOf)
{
    public static readonly AdTargeting Everyone = new([], [], [], [], []);

    /// <summary>Not positional, so that a campaign's targeting stored before interests existed reads as "no restriction".</summary>
    [Id(5)]
    public IReadOnlyList<string> Interests { get; init; } = [];
}

/// <summary>At most <see cref="Impressions"/> ads of a campaign per viewer within <see cref="Hours"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record FrequencyCap([property: Id(0)] int Impressions, [property: Id(1)] int Hours);

/// <summary>A campaign as its advertiser sets it. Money in minor units of <see cref="Currency"/>; a CPM bid is per
/// thousand impressions, a CPC bid per click.</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string Currency,
    [property: Id(2)] long TotalBudget,
    [property: Id(3)] long DailyBudget,
    [property: Id(4)] BidKind BidKind,
    [property: Id(5)] long Bid,
    [property: Id(6)] DateTimeOffset StartsAt,
    [property: Id(7)] DateTimeOffset EndsAt,
    [property: Id(8)] AdTargeting Targeting,
    [property: Id(9)] FrequencyCap? FrequencyCap,
    [property: Id(10)] CampaignStatus Status);

/// <summary>A change to a campaign: absent fields stay as they are.</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignChanges(
    [property: Id(0)] string? Name,
    [property: Id(1)] long? TotalBudget,
    [property: Id(2)] long? DailyBudget,
    [property: Id(3)] long? Bid,
    [property: Id(4)] DateTimeOffset? EndsAt,
    [property: Id(5)] AdTargeting? Targeting,
    [property: Id(6)] FrequencyCap? FrequencyCap,
    [property: Id(7)] CampaignStatus? Status);

/// <summary>A creative: a short video of the advertiser's (uploaded through tus and transcoded like any video) or an image
/// of theirs (uploaded as post images are), exactly one of the two, and where a click goes.</summary>
[GenerateSerializer, Immutable]
public sealed record CreativeView(
    [property: Id(0)] Guid Id, [property: Id(1)] Guid? VideoId, [property: Id(2)] string ClickUrl,
    [property: Id(3)] CreativeStatus Status, [property: Id(4)] DateTimeOffset CreatedAt, [property: Id(5)] Guid? ImageId = null);

/// <summary>A campaign as its advertiser reads it: spent and reserved now, in minor units (reserved: held for ads
/// served whose impression or click may still come).</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignView(
    [property: Id(0)] Guid Id, [property: Id(1)] Guid AdvertiserId, [property: Id(2)] CampaignSpec Spec, [property: Id(3)] long Spent,
    [property: Id(4)] long Reserved, [property: Id(5)] IReadOnlyList<CreativeView> Creatives, [property: Id(6)] DateTimeOffset CreatedAt);

public enum CampaignOutcome { Done, NotFound, Invalid }

[GenerateSerializer, Immutable]
public sealed record CampaignResult([property: Id(0)] CampaignOutcome Outcome, [property: Id(1)] CampaignView? Campaign = null, [property: Id(2)] string? Error = null);

/// <summary>A new creative: exactly one of <see cref="VideoId"/> and <see cref="ImageId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record CreativeSpec([property: Id(0)] Guid? VideoId, [property: Id(1)] string ClickUrl, [property: Id(2)] Guid? ImageId = null);

[GenerateSerializer, Immutable]
public sealed record CreativeResult([property: Id(0)] CampaignOutcome Outcome, [property: Id(1)] CreativeView? Creative = null, [property: Id(2)] string? Error = null);

/// <summary>What the decision knows of the request: the viewer, the video and its creator and tags, and what the API
/// host read from the request (locale, country, device kind).</summary>
[GenerateSerializer, Immutable]
public sealed record AdRequest(
    [property: Id(0)] Guid ViewerId, [property: Id(1)] Guid VideoId, [property: Id(2)] Guid CreatorId, [property: Id(3)] IReadOnlyList<string> VideoTags,
    [property: Id(4)] string? Locale, [property: Id(5)] string? Country, [property: Id(6)] string Device);

/// <summary>An ad served: <see cref="ServeId"/> names it in the impression and click tokens, valid until <see cref="ExpiresAt"/>.
/// Its creative is a video (<see cref="VideoId"/>) or an image (<see cref="Image"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record AdServe(
    [property: Id(0)] Guid ServeId, [property: Id(1)] Guid CampaignId, [property: Id(2)] Guid CreativeId, [property: Id(3)] Guid? VideoId,
    [property: Id(4)] string ClickUrl, [property: Id(5)] DateTimeOffset ExpiresAt, [property: Id(6)] AdImage? Image = null);

/// <summary>An image creative's picture as a player needs it: its type and size in pixels.</summary>
[GenerateSerializer, Immutable]
public sealed record AdImage([property: Id(0)] Guid Id, [property: Id(1)] string ContentType, [property: Id(2)] int Width, [property: Id(3)] int Height);

/// <summary>An image creative's stored image, and whether it is approved (then anyone may fetch it).</summary>
[GenerateSerializer, Immutable]
public sealed record CreativeImage([property: Id(0)] Posts.PostMediaRecord Media, [property: Id(1)] bool Approved);

/// <summary>Why a campaign served no ad. Spent: its total or today's budget is spent or held, so asking again soon is
/// pointless; Declined: status, schedule, creative or pacing (the next request may be served).</summary>
public enum ReserveRefusal { None, Spent, Declined }

/// <summary>A reservation's outcome: the ad served, or why none was.</summary>
[GenerateSerializer, Immutable]
public sealed record Reservation([property: Id(0)] AdServe? Serve, [property: Id(1)] ReserveRefusal Refusal)
{
    public static readonly Reservation Spent = new(null, ReserveRefusal.Spent);
    public static readonly Reservation Declined = new(null, ReserveRefusal.Declined);
}

/// <summary>Counted: this token counted now. Refused: unknown, expired, already counted, or a click before its impression.</summary>
public enum AdEventOutcome { Counted, Refused }
