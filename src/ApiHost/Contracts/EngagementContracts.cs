using System.Text;
using System.Text.RegularExpressions;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>changed: whether this call changed anything (false when the item was already liked, or not liked).</summary>
public sealed record LikeResponse(bool Liked, bool Changed, long LikeCount);

public sealed record BookmarkResponse(bool Bookmarked, bool Changed, long BookmarkCount);

public sealed record ReactionResponse(string? Reaction, bool Changed, IReadOnlyDictionary<string, long> Reactions);

public sealed record ViewResponse(bool Counted);

/// <summary>Also the payload of the SignalR "counters" event.</summary>
public sealed record CountsResponse(
    Guid ContentId, long LikeCount, long ViewCount, long CommentCount, long BookmarkCount, IReadOnlyDictionary<string, long> Reactions)
{
    public static CountsResponse From(Guid id, ContentCounts c) => new(id, c.Likes, c.Views, c.Comments, c.Bookmarks, c.Reactions);
}

public sealed record LikerResponse(Guid UserId, string? Username, DateTimeOffset LikedAt);

public sealed record BookmarkItemResponse(Guid ContentId, ContentKind Kind, Guid OwnerId, DateTimeOffset BookmarkedAt);

public sealed record ReactionRequest(string? Reaction) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (!Reactions.IsValid(Reaction)) errors.OneOf("reaction", Reaction, [.. Reactions.Emoji.Keys]);
    }
}

/// <summary>viewer_id identifies an anonymous viewer (also accepted as the X-Viewer-Id header); ignored when signed in.</summary>
public sealed partial record ViewRequest(int? WatchSeconds, string? ViewerId) : IValidatable
{
    public const int MaxWatchSeconds = 24 * 3600;

    public void Validate(FieldErrors errors)
    {
        if (WatchSeconds is < 0 or > MaxWatchSeconds) errors.Add("watch_seconds", $"must be between 0 and {MaxWatchSeconds}");
        if (ViewerId is not null && !IsViewerId(ViewerId)) errors.Add("viewer_id", "must be 16 to 64 letters, digits, '-' or '_'");
    }

    public static bool IsViewerId(string value) => ViewerIdPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$")]
    private static partial Regex ViewerIdPattern();
}
