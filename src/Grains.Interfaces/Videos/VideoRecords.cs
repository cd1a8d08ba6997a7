using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Interfaces.Videos;

public enum VideoVisibility { Public, Unlisted, Private }

public enum VideoStatus { Uploading, Processing, Ready, Failed }

[GenerateSerializer, Immutable]
public sealed record NewVideo(
    [property: Id(0)] string Title,
    [property: Id(1)] string Description,
    [property: Id(2)] IReadOnlyList<string> Tags,
    [property: Id(3)] VideoVisibility Visibility,
    [property: Id(4)] long SizeBytes);

/// <summary>Fields an owner may change; null leaves a field as it is.</summary>
[GenerateSerializer, Immutable]
public sealed record VideoChanges(
    [property: Id(0)] string? Title,
    [property: Id(1)] string? Description,
    [property: Id(2)] IReadOnlyList<string>? Tags,
    [property: Id(3)] VideoVisibility? Visibility);

[GenerateSerializer, Immutable]
public sealed record Chapter([property: Id(0)] double StartSeconds, [property: Id(1)] string Title);

[GenerateSerializer, Immutable]
public sealed record Rendition(
    [property: Id(0)] string Name,
    [property: Id(1)] int Width,
    [property: Id(2)] int Height,
    [property: Id(3)] int BitrateKbps);

/// <summary>One video as its grain knows it; the API adds counts and the owner's username.</summary>
[GenerateSerializer, Immutable]
public sealed record VideoView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid OwnerId,
    [property: Id(2)] string Title,
    [property: Id(3)] string Description,
    [property: Id(4)] IReadOnlyList<string> Tags,
    [property: Id(5)] VideoVisibility Visibility,
    [property: Id(6)] VideoStatus Status,
    [property: Id(7)] int ProgressPercent,
    [property: Id(8)] string? FailureReason,
    [property: Id(9)] double? DurationSeconds,
    [property: Id(10)] int? Width,
    [property: Id(11)] int? Height,
    [property: Id(12)] IReadOnlyList<Rendition> Renditions,
    [property: Id(13)] int ThumbnailCount,
    [property: Id(14)] IReadOnlyList<Chapter> Chapters,
    [property: Id(15)] long SizeBytes,
    [property: Id(16)] DateTimeOffset CreatedAt,
    [property: Id(17)] DateTimeOffset UpdatedAt,
    [property: Id(18)] bool Sensitive = false,
    [property: Id(19)] ModerationNotice? Moderation = null);

public enum CreateVideoStatus { Created, TooLarge, QuotaExceeded, AlreadyExists }

[GenerateSerializer, Immutable]
public sealed record CreateVideoResult(
    [property: Id(0)] CreateVideoStatus Status,
    [property: Id(1)] UploadSession? Upload,
    [property: Id(2)] long Limit);

public enum OwnerAction { Done, NotFound, Forbidden, Invalid }

[GenerateSerializer, Immutable]
public sealed record OwnerActionResult(
    [property: Id(0)] OwnerAction Status,
    [property: Id(1)] VideoView? Video,
    [property: Id(2)] string? Problem = null);

/// <summary>What a viewer allowed to play a ready video needs to fetch its HLS files.</summary>
[GenerateSerializer, Immutable]
public sealed record PlaybackInfo(
    [property: Id(0)] bool IsPrivate,
    [property: Id(1)] IReadOnlyList<string> Renditions,
    [property: Id(2)] int ThumbnailCount,
    [property: Id(3)] IReadOnlyList<string>? HdRenditions = null,
    [property: Id(4)] bool ViewerOwns = false)
{
    /// <summary>Of <see cref="Renditions"/>, those only viewers with the hd_renditions perk (and the owner) may play.</summary>
    public IReadOnlyList<string> HdOnly => HdRenditions ?? [];
}
