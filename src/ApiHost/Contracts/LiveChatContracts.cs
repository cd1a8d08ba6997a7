using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>The room checks the text (trimmed, not empty, at most the configured length); the validation filter, that it is clean text.</summary>
public sealed record ChatMessageRequest(string? Text) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
    }
}

/// <summary>Held (only ever true in the sender's answer): accepted and stored, but held from others until a moderator approves it.</summary>
public sealed record ChatMessageResponse(string Id, Guid StreamId, Guid UserId, string Username, string Text, DateTimeOffset SentAt, bool Held)
{
    public static ChatMessageResponse From(ChatMessage m) => From(m, held: false);

    public static ChatMessageResponse From(ChatMessage m, bool held) => new(m.Id.ToString(), m.StreamId, m.UserId, m.Username, m.Text, m.SentAt, held);
}

public sealed record ViewerCountsResponse(int Current, int Peak);

public sealed record ChatSettingsResponse(int SlowModeSeconds, bool FollowersOnly)
{
    public static ChatSettingsResponse From(ChatSettings s) => new(s.SlowModeSeconds, s.FollowersOnly);
}

/// <summary>What Join answers (hub and HTTP): the audience, the last messages (oldest first) and the chat settings.</summary>
public sealed record RoomJoinedResponse(Guid StreamId, ViewerCountsResponse Viewers, IReadOnlyList<ChatMessageResponse> Messages, ChatSettingsResponse Settings)
{
    public static RoomJoinedResponse From(Guid streamId, RoomJoined r) => new(streamId, new ViewerCountsResponse(r.Viewers.Current, r.Viewers.Peak),
        r.Messages.Select(ChatMessageResponse.From).ToList(), ChatSettingsResponse.From(r.Settings));
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
