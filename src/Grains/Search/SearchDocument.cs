using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.Grains.Search;

/// <summary>An item as the search index keeps it: who wrote it, its words, who may find it, and whether moderation hid it.</summary>
public sealed record SearchDocument(
    Guid Id, string Kind, Guid OwnerId, string OwnerUsername, string? Title, string Body, IReadOnlyList<string> Tags,
    string Visibility, bool Hidden, DateTimeOffset CreatedAt, double? DurationSeconds = null)
{
    /// <summary>The index's kind of the items a search of this type finds: post, video or live.</summary>
    public static string KindOf(SearchType type) => type switch { SearchType.Video => "video", SearchType.Live => "live", _ => "post" };
}
