using System.Text.Json.Serialization;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Contracts;

public static class VideoRules
{
    public const int MaxTitle = 100, MaxDescription = 5000, MaxTags = 15, MaxTag = 30, MaxChapters = 100;
    public static readonly string[] Visibilities = ["public", "unlisted", "private"];

    public static void Tags(FieldErrors errors, IReadOnlyList<string>? tags)
    {
        if (tags is null) return;
        if (tags.Count > MaxTags) errors.Add("tags", $"must have at most {MaxTags} tags");
        if (tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxTag || t.Contains(',')))
        {
            errors.Add("tags", $"each tag must be 1 to {MaxTag} characters without commas");
        }
    }

    public static VideoVisibility ToVisibility(string value) => Enum.Parse<VideoVisibility>(value, ignoreCase: true);

    public static IReadOnlyList<string> CleanTags(IReadOnlyList<string>? tags) =>
        tags?.Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
}

public sealed record CreateVideoRequest(string? Title, string? Description, IReadOnlyList<string>? Tags, string? Visibility, long? Size) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("title", Title, VideoRules.MaxTitle);
        errors.MaxLength("description", Description, VideoRules.MaxDescription);
        VideoRules.Tags(errors, Tags);
        errors.OneOf("visibility", Visibility, VideoRules.Visibilities);
        if (Size is not > 0) errors.Add("size", "is required: the file's size in bytes, greater than 0");
    }

    public NewVideo ToNewVideo() =>
        new(Title!.Trim(), Description ?? "", VideoRules.CleanTags(Tags), VideoRules.ToVisibility(Visibility!), Size!.Value);
}

public sealed record UpdateVideoRequest(string? Title, string? Description, IReadOnlyList<string>? Tags, string? Visibility) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Title is not null) errors.Required("title", Title, VideoRules.MaxTitle);
        errors.MaxLength("description", Description, VideoRules.MaxDescription);
        VideoRules.Tags(errors, Tags);
        if (Visibility is not null) errors.OneOf("visibility", Visibility, VideoRules.Visibilities);
    }

    public VideoChanges ToChanges() => new(Title?.Trim(), Description, Tags is null ? null : VideoRules.CleanTags(Tags),
        Visibility is null ? null : VideoRules.ToVisibility(Visibility));
}

public sealed record ChapterDto(double StartSeconds, string Title);

public sealed record ChaptersRequest(IReadOnlyList<ChapterDto>? Chapters) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Chapters is null) { errors.Add("chapters", "is required (an empty list removes all chapters)"); return; }
        if (Chapters.Count > VideoRules.MaxChapters) errors.Add("chapters", $"must have at most {VideoRules.MaxChapters} chapters");
        for (var i = 0; i < Chapters.Count; i++)
        {
            var c = Chapters[i];
            errors.Required($"chapters[{i}].title", c.Title, 100);
            if (!double.IsFinite(c.StartSeconds) || c.StartSeconds < 0) errors.Add($"chapters[{i}].start_seconds", "must be a number of seconds, 0 or more");
            if (i == 0 && c.StartSeconds != 0) errors.Add("chapters[0].start_seconds", "the first chapter must start at 0");
            if (i > 0 && c.StartSeconds <= Chapters[i - 1].StartSeconds) errors.Add($"chapters[{i}].start_seconds", "must be after the previous chapter's start");
        }
    }

    public IReadOnlyList<Chapter> ToChapters() => Chapters!.Select(c => new Chapter(c.StartSeconds, c.Title.Trim())).ToList();
}

public sealed record CreateVideoResponse(Guid Id, string UploadUrl, DateTimeOffset? UploadExpiresAt, VideoStatus Status);

public sealed record OwnerDto(Guid Id, string Username);

public sealed record RenditionDto(string Name, int Width, int Height, int BitrateKbps, string PlaylistUrl);

public sealed record VideoResponse(
    Guid Id, string Title, string Description, IReadOnlyList<string> Tags, VideoVisibility Visibility, OwnerDto Owner,
    VideoStatus Status, int Progress, string? FailureReason, double? DurationSeconds, int? Width, int? Height,
    string? MasterPlaylistUrl, IReadOnlyList<RenditionDto> Renditions, IReadOnlyList<string> ThumbnailUrls,
    IReadOnlyList<ChapterDto> Chapters, long LikeCount, long ViewCount, long CommentCount, long BookmarkCount,
    bool Liked, bool Bookmarked, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Sensitive,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModerationNoticeDto? Moderation = null)
{
    public static VideoResponse From(VideoView v, string ownerUsername, ContentCounts counts, ViewerState viewer)
    {
        var ready = v.Status == VideoStatus.Ready;
        var stream = VideoUrls.Stream(v.Id);
        return new VideoResponse(v.Id, v.Title, v.Description, v.Tags, v.Visibility, new OwnerDto(v.OwnerId, ownerUsername),
            v.Status, v.ProgressPercent, v.FailureReason, v.DurationSeconds, v.Width, v.Height,
            ready ? $"{stream}/master.m3u8" : null,
            ready ? v.Renditions.Select(r => new RenditionDto(r.Name, r.Width, r.Height, r.BitrateKbps, $"{stream}/{r.Name}/index.m3u8")).ToList() : [],
            ready ? VideoUrls.Thumbnails(v.Id, v.ThumbnailCount) : [],
            v.Chapters.Select(c => new ChapterDto(c.StartSeconds, c.Title)).ToList(),
            counts.Likes, counts.Views, counts.Comments, counts.Bookmarks, viewer.Liked, viewer.Bookmarked, v.CreatedAt, v.UpdatedAt,
            v.Sensitive, ModerationNoticeDto.From(v.Moderation));
    }
}

public sealed record VideoSummaryResponse(
    Guid Id, string Title, OwnerDto Owner, VideoVisibility Visibility, VideoStatus Status, double? DurationSeconds,
    int? Width, int? Height, string? ThumbnailUrl, DateTimeOffset CreatedAt, DateTimeOffset? ReadyAt, bool Sensitive,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModerationNoticeDto? Moderation = null)
{
    public static VideoSummaryResponse From(VideoSummary s) => new(s.Id, s.Title, new OwnerDto(s.OwnerId, s.OwnerUsername), s.Visibility,
        s.Status, s.DurationSeconds, s.Width, s.Height, s.Status == VideoStatus.Ready ? VideoUrls.Thumbnails(s.Id, 1)[0] : null,
        s.CreatedAt, s.ReadyAt, s.Sensitive, ModerationNoticeDto.From(s.Moderation));
}

public static class VideoUrls
{
    public static string Stream(Guid id) => $"/api/v1/videos/{id}/stream";
    public static string Upload(Guid id) => $"/api/v1/uploads/{id}";
    public static IReadOnlyList<string> Thumbnails(Guid id, int count) =>
        Enumerable.Range(0, count).Select(i => $"/api/v1/videos/{id}/thumbnails/{i}.jpg").ToList();
}
