using System.Text.Json.Serialization;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>The room checks the text (trimmed, not empty, at most the configured length); the validation filter, that it is clean text.</summary>
public sealed record ChatMessageRequest(string? Text) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
    }
}

/// <summary>Held (only ever true in the sender's answer): accepted and stored, but held from others until a moderator
/// approves it. badge: the sender's tier of the streamer's (name, rank) when they sent it; tip: a paid message (its id is
/// the payment's), shown highlighted with its amount, and pinned until pinned_until (null: not pinned).</summary>
public sealed record ChatMessageResponse(
    string Id, Guid StreamId, Guid UserId, string Username, string Text, DateTimeOffset SentAt, bool Held,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MemberBadgeResponse? Badge = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChatTipResponse? Tip = null)
{
    public static ChatMessageResponse From(ChatMessage m) => From(m, held: false);

    public static ChatMessageResponse From(ChatMessage m, bool held) => new(m.Id.ToString(), m.StreamId, m.UserId, m.Username, m.Text, m.SentAt, held,
        m.Badge is { } b ? new MemberBadgeResponse(b.Tier, b.Rank) : null, m.Tip is { } t ? new ChatTipResponse(t.Amount, t.Currency, t.PinnedUntil) : null);
}

public sealed record MemberBadgeResponse(string Tier, int Rank);

public sealed record ChatTipResponse(long Amount, string Currency, DateTimeOffset? PinnedUntil);

public sealed record ViewerCountsResponse(int Current, int Peak);

public sealed record ChatSettingsResponse(int SlowModeSeconds, bool FollowersOnly)
{
    public static ChatSettingsResponse From(ChatSettings s) => new(s.SlowModeSeconds, s.FollowersOnly);
}

/// <summary>What Join answers (hub and HTTP): the audience, the last messages (oldest first), the chat settings and the
/// paid messages pinned now (oldest first; each until its tip's pinned_until).</summary>
public sealed record RoomJoinedResponse(
    Guid StreamId, ViewerCountsResponse Viewers, IReadOnlyList<ChatMessageResponse> Messages, ChatSettingsResponse Settings, IReadOnlyList<ChatMessageResponse> Pinned)
{
    public static RoomJoinedResponse From(Guid streamId, RoomJoined r) => new(streamId, new ViewerCountsResponse(r.Viewers.Current, r.Viewers.Peak),
        r.Messages.Select(ChatMessageResponse.From).ToList(), ChatSettingsResponse.From(r.Settings), r.Pinned.Select(ChatMessageResponse.From).ToList());
}

public sealed record ChatSettingsRequest(int? SlowModeSeconds, bool? FollowersOnly) : IValidatable
{
    public const int MaxSlowMode = 3600;

    public void Validate(FieldErrors errors)
    {
        if (SlowModeSeconds is < 0 or > MaxSlowMode) errors.Add("slow_mode_seconds", $"must be between 0 and {MaxSlowMode}");
    }
}

public sealed record ChatTimeoutRequest(string? Username, int? Seconds) : IValidatable
{
    public const int MaxSeconds = 7 * 24 * 3600;

    public void Validate(FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(Username)) errors.Add("username", "is required");
        if (Seconds is not (>= 1 and <= MaxSeconds)) errors.Add("seconds", $"must be between 1 and {MaxSeconds}");
    }
}

public sealed record ChatBanRequest(string? Username) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(Username)) errors.Add("username", "is required");
    }
}

// Hub events (besides "chat", an array of ChatMessageResponse).
public sealed record ChatDeletedEvent(Guid StreamId, string MessageId);
public sealed record ViewersEvent(Guid StreamId, int Current, int Peak);
public sealed record StreamEventBody(Guid StreamId);
public sealed record TimedOutEvent(Guid StreamId, DateTimeOffset Until);
