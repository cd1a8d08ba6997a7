using System.Text.RegularExpressions;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Validation;

namespace SocialFlow.ApiHost.Analytics;

/// <summary>A batch of app events (at most <see cref="MaxEvents"/>: more is 413, checked by the endpoint).</summary>
public sealed record TrackRequest(string? Platform, IReadOnlyList<TrackEventRequest>? Events, string? ViewerId) : IValidatable
{
    public const int MaxEvents = 100;

    public static readonly string[] Platforms = ["web", "ios", "android", "tv", "other"];

    public void Validate(FieldErrors errors)
    {
        if (Platform is not null) errors.OneOf("platform", Platform, Platforms);
        if (ViewerId is not null && !ViewRequest.IsViewerId(ViewerId)) errors.Add("viewer_id", "must be 16 to 64 letters, digits, '-' or '_'");
        if (Events is null || Events.Count == 0) { errors.Add("events", "must hold 1 to 100 events"); return; }
        if (Events.Count > MaxEvents) return; // 413, not a field error
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i] is { } e) e.Validate(errors, $"events[{i}]");
            else errors.Add($"events[{i}]", "is required");
        }
    }
}

/// <summary>
/// One app event. item_id: the video or post (view_*, share, search_click; optional for ad_*); profile_id: the account
/// whose profile was visited; seconds: watched since the last report of this view (view_progress, view_end);
/// position_percent: how far the view got (view_end); source: where the view came from (view_start).
/// </summary>
public sealed partial record TrackEventRequest(
    string? ClientEventId, string? Type, Guid? ItemId, Guid? ProfileId, Guid? AdId, int? Seconds, int? PositionPercent, string? Source,
    DateTimeOffset? OccurredAt)
{
    public static readonly string[] Types = ["view_start", "view_progress", "view_end", "share", "profile_visit", "search_click", "ad_impression", "ad_click"];

    public static readonly string[] Sources = ["home_feed", "following_feed", "search", "profile", "trending", "notification", "external", "share_link", "direct"];

    public const int MaxSeconds = 3600;

    public void Validate(FieldErrors errors, string at)
    {
        if (ClientEventId is null || !ClientEventIdPattern().IsMatch(ClientEventId)) errors.Add($"{at}.client_event_id", "must be 1 to 64 letters, digits, '-', '_', '.' or ':'");
        if (OccurredAt is null) errors.Add($"{at}.occurred_at", "is required");
        if (Type is null || !Types.Contains(Type)) { errors.Add($"{at}.type", $"must be one of: {string.Join(", ", Types)}"); return; }
        var view = Type.StartsWith("view_", StringComparison.Ordinal);
        var ad = Type.StartsWith("ad_", StringComparison.Ordinal);
        if (ItemId is null && (view || Type is "share" or "search_click")) errors.Add($"{at}.item_id", $"is required for {Type}");
        if ((ProfileId is null) == (Type == "profile_visit")) errors.Add($"{at}.profile_id", Type == "profile_visit" ? "is required for profile_visit" : $"is not allowed for {Type}");
        if ((AdId is null) == ad) errors.Add($"{at}.ad_id", ad ? $"is required for {Type}" : $"is not allowed for {Type}");
        if (Type is "view_progress" or "view_end")
        {
            if (Seconds is not null and (< 0 or > MaxSeconds) || (Seconds is null && Type == "view_progress")) errors.Add($"{at}.seconds", $"must be 0 to {MaxSeconds}");
        }
        else if (Seconds is not null) errors.Add($"{at}.seconds", $"is not allowed for {Type}");
        if (Type == "view_end") { if (PositionPercent is null or < 0 or > 100) errors.Add($"{at}.position_percent", "must be 0 to 100"); }
        else if (PositionPercent is not null) errors.Add($"{at}.position_percent", $"is not allowed for {Type}");
        if (Source is not null && (Type != "view_start" || !Sources.Contains(Source))) errors.Add($"{at}.source", $"must be one of: {string.Join(", ", Sources)} (view_start only)");
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex ClientEventIdPattern();
}

public sealed record TrackResponse(int Accepted, int Duplicates, int UnknownItems);

public sealed record AnalyticsReportRequest(int? Days, string? Scope) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Days is not (7 or 28 or 90)) errors.Add("days", "must be 7, 28 or 90");
        if (Scope is not null) errors.OneOf("scope", Scope, "creator", "platform");
    }
}

public sealed record AnalyticsReportResponse(
    Guid Id, string Status, string Scope, int Days, DateTimeOffset CreatedAt, DateTimeOffset? ReadyAt, string? DownloadUrl, IReadOnlyList<string> Charts);
