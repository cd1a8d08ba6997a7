using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>What an owner reads on their own item that others cannot see: standing held or removed, and why.</summary>
public sealed record ModerationNoticeDto(string Standing, string? Reason)
{
    public static ModerationNoticeDto? From(ModerationNotice? notice) =>
        notice is null ? null : new ModerationNoticeDto(ContentModerationNames.Of(notice.Standing), notice.Reason);
}

/// <summary>`GET /admin/content` filters: type, status (visible, held, removed, sensitive), author (a username), sort (newest, oldest).</summary>
public static class AdminContentQuery
{
    private static readonly string[] Types = ["video", "post", "comment", "live_stream"];
    private static readonly string[] Statuses = ["visible", "held", "removed", "sensitive"];
    private static readonly string[] Sorts = ["newest", "oldest"];

    /// <summary>The query the console grain takes (the author's id is looked up apart), or the field errors.</summary>
    public static ContentConsoleQuery? Read(string? type, string? status, string? author, string? sort, string? reported, FieldErrors errors)
    {
        if (reported is not null) errors.OneOf("reported", reported, "true", "false");
        if (type is not null) errors.OneOf("type", type, Types);
        if (status is not null) errors.OneOf("status", status, Statuses);
        if (sort is not null) errors.OneOf("sort", sort, Sorts);
        if (author is not null) errors.Username("author", author);
        if (errors.Any) return null;
        ModerationTargetType? target = type is null ? null : ModerationNames.TryParseTarget(type, out var t) ? t : null;
        ContentStatusFilter? filter = status is null ? null : Enum.Parse<ContentStatusFilter>(status, ignoreCase: true);
        return new ContentConsoleQuery(target, filter, null, sort == "oldest", reported is null ? null : reported == "true");
    }
}

/// <summary>One item of the admin content console; title for videos and live streams, excerpt: the start of the text.</summary>
public sealed record AdminContentItemResponse(
    string Type, Guid Id, UserRef Author, string? Title, string? Excerpt, string Standing, bool Sensitive, string? Reason, DateTimeOffset CreatedAt,
    int OpenReports)
{
    public static AdminContentItemResponse From(ContentConsoleItem i) => new(ModerationNames.Of(i.Type), i.Id, new UserRef(i.AuthorId, i.AuthorUsername),
        i.Title, i.Excerpt, ContentModerationNames.Of(i.Standing), i.Sensitive, i.Reason, i.CreatedAt, i.OpenReports);
}
