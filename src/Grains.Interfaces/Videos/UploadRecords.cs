using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Videos;

public enum UploadState { Active, Complete, Expired, Gone }

/// <summary>The tus view of a video's upload: how many bytes are durable, how many are expected, until when.</summary>
[GenerateSerializer, Immutable]
public sealed record UploadSession(
    [property: Id(0)] Guid VideoId,
    [property: Id(1)] UploadState State,
    [property: Id(2)] long Offset,
    [property: Id(3)] long Length,
    [property: Id(4)] DateTimeOffset? ExpiresAt);

public enum UploadCommitStatus { Committed, NotFound, Gone, OffsetMismatch }

[GenerateSerializer, Immutable]
public sealed record UploadCommit(
    [property: Id(0)] UploadCommitStatus Status,
    [property: Id(1)] UploadSession? Session);

public enum SetLengthStatus { Set, NotFound, Gone, TooLarge, QuotaExceeded, Conflict }

[GenerateSerializer, Immutable]
public sealed record SetLengthResult(
    [property: Id(0)] SetLengthStatus Status,
    [property: Id(1)] UploadSession? Session,
    [property: Id(2)] long Limit = 0);

/// <summary>What the transcoder produced; the grain makes the video ready with it.</summary>
[GenerateSerializer, Immutable]
public sealed record ProcessedMedia(
    [property: Id(0)] double DurationSeconds,
    [property: Id(1)] int Width,
    [property: Id(2)] int Height,
    [property: Id(3)] IReadOnlyList<Rendition> Renditions,
    [property: Id(4)] int ThumbnailCount);

[GenerateSerializer, Immutable]
public sealed record VideoSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid OwnerId,
    [property: Id(2)] string OwnerUsername,
    [property: Id(3)] string Title,
    [property: Id(4)] VideoVisibility Visibility,
    [property: Id(5)] VideoStatus Status,
    [property: Id(6)] double? DurationSeconds,
    [property: Id(7)] int? Width,
    [property: Id(8)] int? Height,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset? ReadyAt,
    [property: Id(11)] bool Sensitive = false,
    [property: Id(12)] Moderation.ModerationNotice? Moderation = null);

[GenerateSerializer, Immutable]
public sealed record VideoPage(
    [property: Id(0)] IReadOnlyList<VideoSummary> Items,
    [property: Id(1)] PageCursor? Next);
