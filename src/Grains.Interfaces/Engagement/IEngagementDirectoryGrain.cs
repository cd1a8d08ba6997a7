using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Engagement;

/// <summary>Paged reads of engagement lists (keyset cursors, newest first). A stateless worker: any silo, no state.</summary>
public interface IEngagementDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Who liked an item, newest first. The caller checks the item's visibility first.</summary>
    Task<LikerPage> ListLikersAsync(Guid contentId, PageCursor? after, int limit);

    /// <summary>The user's bookmarks of items that still exist and that the user may still see, newest first.</summary>
    Task<BookmarkPage> ListBookmarksAsync(Guid userId, PageCursor? after, int limit);
}

[GenerateSerializer, Immutable]
public sealed record Liker([property: Id(0)] Guid UserId, [property: Id(1)] string? Username, [property: Id(2)] DateTimeOffset LikedAt);

[GenerateSerializer, Immutable]
public sealed record LikerPage([property: Id(0)] IReadOnlyList<Liker> Items, [property: Id(1)] PageCursor? Next);

[GenerateSerializer, Immutable]
public sealed record BookmarkEntry(
    [property: Id(0)] Guid ContentId,
    [property: Id(1)] ContentKind Kind,
    [property: Id(2)] Guid OwnerId,
    [property: Id(3)] DateTimeOffset BookmarkedAt);

[GenerateSerializer, Immutable]
public sealed record BookmarkPage([property: Id(0)] IReadOnlyList<BookmarkEntry> Items, [property: Id(1)] PageCursor? Next);
