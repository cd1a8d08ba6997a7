using Orleans.Concurrency;

namespace SocialFlow.Grains.Interfaces.Posts;

public enum ImageUploadStatus { Ok, UnsupportedType, TooLarge, TooManyPixels }

/// <summary>A stored, sanitised image (metadata stripped) and who may see it.</summary>
[GenerateSerializer, Immutable]
public sealed record PostMediaRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid UploaderId,
    [property: Id(2)] Guid? PostId,
    [property: Id(3)] string ContentType,
    [property: Id(4)] int Width,
    [property: Id(5)] int Height,
    [property: Id(6)] long SizeBytes,
    [property: Id(7)] string StorageKey,
    [property: Id(8)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable]
public sealed record ImageUploadResult(
    [property: Id(0)] ImageUploadStatus Status,
    [property: Id(1)] PostMediaRecord? Media,
    [property: Id(2)] string? Detail);

/// <summary>
/// Image uploads for posts. Stateless: validates the bytes by content (magic bytes, then a real decode),
/// re-encodes them without metadata (EXIF, GPS, comments), stores the result and records its row.
/// </summary>
public interface IPostMediaGrain : IGrainWithIntegerKey
{
    Task<ImageUploadResult> UploadAsync(Guid uploaderId, Immutable<byte[]> bytes);

    Task<PostMediaRecord?> FindAsync(Guid mediaId);
}
