using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Live;

public enum LiveState { Scheduled, Live, Ended }

/// <summary>What an owner asks for; the API checks lengths. Live streams are public, unlisted or private.</summary>
[GenerateSerializer, Immutable]
public sealed record LiveStreamDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Description,
    [property: Id(2)] Visibility Visibility,
    [property: Id(3)] bool Record);

/// <summary>A stream as the API shows it. <see cref="RecordingVideoId"/>: the video its recording became (set once it exists).</summary>
[GenerateSerializer, Immutable]
public sealed record LiveStreamView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid OwnerId,
    [property: Id(2)] string Title,
    [property: Id(3)] string? Description,
    [property: Id(4)] Visibility Visibility,
    [property: Id(5)] bool Record,
    [property: Id(6)] LiveState State,
    [property: Id(7)] int PeakViewers,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? StartedAt,
    [property: Id(10)] DateTimeOffset? EndedAt,
    [property: Id(11)] Guid? RecordingVideoId = null,
    [property: Id(12)] bool Sensitive = false,
    [property: Id(13)] Moderation.ModerationNotice? Moderation = null)
{
    /// <summary>Held or removed: seen by its owner alone.</summary>
    public bool Hidden => Moderation is not null;
}

/// <summary>The stream and its key: the only time the key is told (it is stored hashed).</summary>
[GenerateSerializer, Immutable]
public sealed record LiveStreamCreated([property: Id(0)] LiveStreamView Stream, [property: Id(1)] string StreamKey);

public enum PublishDecision { Accepted, WrongKey, AlreadyLive, Ended }

[GenerateSerializer, Immutable]
public sealed record LiveStreamPage([property: Id(0)] IReadOnlyList<LiveStreamView> Items, [property: Id(1)] PageCursor? Next);
