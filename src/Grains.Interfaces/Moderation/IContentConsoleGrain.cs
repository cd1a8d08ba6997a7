using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Moderation;

/// <summary>Which items the admin content console lists by moderation: visible, held, removed, or sensitive (any standing).</summary>
public enum ContentStatusFilter { Visible, Held, Removed, Sensitive }

/// <summary>The console's filters; null ones do not filter. Oldest: oldest first (else newest first). Reported: items with
/// (true) or without (false) open reports.</summary>
[GenerateSerializer, Immutable]
public sealed record ContentConsoleQuery(
    [property: Id(0)] ModerationTargetType? Type,
    [property: Id(1)] ContentStatusFilter? Status,
    [property: Id(2)] Guid? AuthorId,
    [property: Id(3)] bool Oldest,
    [property: Id(4)] bool? Reported = null);

/// <summary>One item of the console: Title for videos and live streams, Excerpt the start of a post's, comment's or description's text.</summary>
[GenerateSerializer, Immutable]
public sealed record ContentConsoleItem(
    [property: Id(0)] ModerationTargetType Type,
    [property: Id(1)] Guid Id,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] string AuthorUsername,
    [property: Id(4)] string? Title,
    [property: Id(5)] string? Excerpt,
    [property: Id(6)] ContentStanding Standing,
    [property: Id(7)] bool Sensitive,
    [property: Id(8)] string? Reason,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] int OpenReports = 0);

[GenerateSerializer, Immutable]
public sealed record ContentConsolePage([property: Id(0)] IReadOnlyList<ContentConsoleItem> Items, [property: Id(1)] PageCursor? Next);

/// <summary>
/// The admin content console (stateless, key 0): videos, posts, comments and live streams by moderation standing, author and
/// time, across domains (deleted items left out). The API host authorizes moderators and admins.
/// </summary>
public interface IContentConsoleGrain : IGrainWithIntegerKey
{
    Task<ContentConsolePage> ListAsync(ContentConsoleQuery query, PageCursor? after, int limit);
}
