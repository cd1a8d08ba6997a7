using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.ReadModels;

/// <summary>A post's text and moderation standing, for content analysis (one prepared statement, no grain activated).</summary>
public sealed class PostTextReadModel([FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared)
{
    /// <summary>Null when the post does not exist or was deleted.</summary>
    public async Task<(string Text, ContentStanding Standing)?> PostAsync(Guid postId)
    {
        await using var cmd = await PreparedCommand.OpenAsync(prepared,
            "SELECT text, moderation FROM posts WHERE id = $1 AND deleted_at IS NULL", postId);
        await using var r = await cmd.Command.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return (r.GetString(0), ContentModerationNames.FromColumn(r.IsDBNull(1) ? null : r.GetString(1)));
    }
}
