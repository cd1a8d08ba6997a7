using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.ReadModels;

/// <summary>A post's text and moderation standing.</summary>
public sealed record PostText(string Text, ContentStanding Standing);

/// <summary>A post's text and moderation standing, for content analysis (no grain activated): a group read, one statement
/// for the posts asked about meanwhile, as every post event asks.</summary>
public sealed class PostTextReadModel([FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared)
{
    private readonly GroupReader<Guid, PostText> _posts = new(ids => PreparedCommand.ReadByIdAsync(prepared,
        "SELECT id, text, moderation FROM posts WHERE id = ANY ($1) AND deleted_at IS NULL", ids,
        r => new PostText(r.GetString(1), ContentModerationNames.FromColumn(r.IsDBNull(2) ? null : r.GetString(2)))));

    /// <summary>Null when the post does not exist or was deleted.</summary>
    public Task<PostText?> PostAsync(Guid postId) => _posts.ReadAsync(postId);
}
