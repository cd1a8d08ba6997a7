using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos;

/// <summary>A video's full state, stored Orleans-serialized in its <c>videos</c> row next to the queryable columns.</summary>
[GenerateSerializer, Alias("video-state-v1")]
public sealed class VideoState
{
    [Id(0)] public Guid OwnerId { get; set; }
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public string Description { get; set; } = "";
    [Id(3)] public List<string> Tags { get; set; } = [];
    [Id(4)] public VideoVisibility Visibility { get; set; }
    [Id(5)] public VideoStatus Status { get; set; }
    [Id(6)] public long SizeBytes { get; set; }
    [Id(7)] public long UploadOffset { get; set; }
    [Id(8)] public DateTimeOffset? UploadExpiresAt { get; set; }
    [Id(9)] public string? FailureReason { get; set; }
    [Id(10)] public double? DurationSeconds { get; set; }
    [Id(11)] public int? Width { get; set; }
    [Id(12)] public int? Height { get; set; }
    [Id(13)] public List<Rendition> Renditions { get; set; } = [];
    [Id(14)] public int ThumbnailCount { get; set; }
    [Id(15)] public List<Chapter> Chapters { get; set; } = [];
    [Id(16)] public DateTimeOffset CreatedAt { get; set; }
    [Id(17)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(18)] public DateTimeOffset? ReadyAt { get; set; }
    [Id(19)] public bool Deleted { get; set; }
    [Id(20)] public ContentStanding Standing { get; set; }
    [Id(21)] public bool Sensitive { get; set; }
    [Id(22)] public string? ModerationReason { get; set; }

    public ContentModeration Moderation
    {
        get => new(Standing, Sensitive, ModerationReason);
        set => (Standing, Sensitive, ModerationReason) = (value.Standing, value.Sensitive, value.Reason);
    }

    public VideoView ToView(Guid id, int progress) => new(id, OwnerId, Title, Description, Tags.ToList(), Visibility, Status,
        Status == VideoStatus.Ready ? 100 : progress, FailureReason, DurationSeconds, Width, Height, Renditions.ToList(),
        ThumbnailCount, Chapters.ToList(), SizeBytes, CreatedAt, UpdatedAt, Sensitive, Moderation.Notice);

    /// <summary>A deep copy to change, so that memory moves only after the database accepted the change.</summary>
    public VideoState Clone()
    {
        var copy = (VideoState)MemberwiseClone();
        (copy.Tags, copy.Renditions, copy.Chapters) = ([.. Tags], [.. Renditions], [.. Chapters]);
        return copy;
    }
}
