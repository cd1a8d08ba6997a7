using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Posts;

/// <summary>
/// A post in memory. Not an IPersistentState: the durable copy is the posts row and its child rows, which the
/// grain writes in one transaction (post, tags, mentions, image attachment) and reads back on activation.
/// </summary>
[GenerateSerializer, Alias("post-state-v1")]
public sealed class PostState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public bool Deleted { get; set; }
    [Id(2)] public Guid AuthorId { get; set; }
    [Id(3)] public string AuthorUsername { get; set; } = "";
    [Id(4)] public string Text { get; set; } = "";
    [Id(5)] public Visibility Visibility { get; set; }
    [Id(6)] public List<string> Hashtags { get; set; } = [];
    [Id(7)] public List<PostMention> Mentions { get; set; } = [];
    [Id(8)] public List<PostImage> Media { get; set; } = [];
    [Id(9)] public DateTimeOffset CreatedAt { get; set; }
    [Id(10)] public DateTimeOffset? EditedAt { get; set; }
    [Id(11)] public ContentModeration Moderation { get; set; } = ContentModeration.None;

    public bool Live => Exists && !Deleted;

    /// <summary>Who may see the post now, as its content grain is told: its author alone while held or removed.</summary>
    public Visibility Audience => Moderation.Hidden ? Visibility.Private : Visibility;

    public PostSnapshot ToSnapshot(Guid id) =>
        new(id, AuthorId, AuthorUsername, Text, Visibility, Hashtags, Mentions, Media, CreatedAt, EditedAt, Moderation.Sensitive, Moderation.Notice);
}
