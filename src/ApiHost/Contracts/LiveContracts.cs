using System.Text.Json.Serialization;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>members_only (min_rank, default 1): the stream's video and chat are for members of the creator's tiers from that
/// rank from the start; its card (title, description) stays visible to all.</summary>
public sealed record CreateLiveStreamRequest(string? Title, string? Description, string? Visibility, bool? Record, bool? MembersOnly = null, int? MinRank = null)
    : IValidatable
{
    public const int MaxTitle = 200, MaxDescription = 5000;
    public static readonly string[] Visibilities = ["public", "unlisted", "private"];

    [JsonIgnore]
    public int? MembersOnlyRank => MembersOnly == true ? MinRank ?? 1 : null;

    public void Validate(FieldErrors errors)
    {
        if (MinRank is < 1 or > 100) errors.Add("min_rank", "must be from 1 to 100");
        if (MembersOnly != true && MinRank is not null) errors.Add("min_rank", "only with members_only true");
        errors.Required("title", Title, MaxTitle);
        errors.MaxLength("description", Description, MaxDescription);
        if (Visibility is not null) errors.OneOf("visibility", Visibility, Visibilities);
    }

    public LiveStreamDraft ToDraft() =>
        new(Title!.Trim(), Description, Enum.Parse<Visibility>(Visibility ?? "public", ignoreCase: true), Record ?? false);
}

/// <summary>hls_url: the live master playlist, only while live. recording_video_id: the video the recording became, once it exists.</summary>
public sealed record LiveStreamResponse(
    Guid Id, Guid OwnerId, string Title, string? Description, string Visibility, bool Record, string State,
    int PeakViewers, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? HlsUrl, Guid? RecordingVideoId,
    int CurrentViewers = 0, bool Sensitive = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModerationNoticeDto? Moderation = null)
{
    public static LiveStreamResponse From(LiveStreamView s) => new(s.Id, s.OwnerId, s.Title, s.Description,
        s.Visibility.ToString().ToLowerInvariant(), s.Record, s.State.ToString().ToLowerInvariant(), s.PeakViewers, s.CreatedAt, s.StartedAt, s.EndedAt,
        s.State == LiveState.Live ? Endpoints.LiveMediaEndpoints.Url(s.Id) : null, s.RecordingVideoId, Sensitive: s.Sensitive,
        Moderation: ModerationNoticeDto.From(s.Moderation));
}

/// <summary>The key and the RTMP URL to publish to: `{rtmp_url}/{stream_key}` (OBS: server and stream key).</summary>
public sealed record LiveStreamCreatedResponse(Guid Id, string StreamKey, string RtmpUrl, LiveStreamResponse Stream);

public sealed record StreamKeyResponse(string StreamKey, string RtmpUrl);

public sealed record LiveAnalyticsResponse(
    Guid StreamId, string State, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double DurationSeconds,
    int CurrentViewers, int PeakViewers, double AverageViewers, long ChatMessages, long UniqueChatters)
{
    /// <summary>Duration: from going live to the end, or to now while live; 0 before it started.</summary>
    public static LiveAnalyticsResponse From(LiveStreamView s, RoomStats stats, DateTimeOffset now) => new(
        s.Id, s.State.ToString().ToLowerInvariant(), s.StartedAt, s.EndedAt,
        s.StartedAt is { } started ? Math.Round(((s.EndedAt ?? now) - started).TotalSeconds, 3) : 0,
        stats.CurrentViewers, Math.Max(s.PeakViewers, stats.PeakViewers), Math.Round(stats.AverageViewers, 3), stats.ChatMessages, stats.UniqueChatters);
}
