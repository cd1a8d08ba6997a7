using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.Grains.Engagement;

/// <summary>The content grain's reads and its own row writes; engagement facts go through the EngagementWriter.</summary>
public sealed partial class ContentStore(NpgsqlDataSource db, [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared)
{
    public async Task<(ContentInfo Info, bool Deleted)?> LoadInfoAsync(Guid id)
    {
        await using var cmd = await PreparedCommand.OpenAsync(prepared,
            "SELECT kind, owner_id, visibility, parent_id, created_at, deleted_at IS NOT NULL FROM content WHERE id = $1", id);
        await using var r = await cmd.Command.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        var info = new ContentInfo(id, Enum.Parse<ContentKind>(r.GetString(0), true), r.GetGuid(1),
            Enum.Parse<Visibility>(r.GetString(2), true), r.IsDBNull(3) ? null : r.GetGuid(3), r.GetFieldValue<DateTimeOffset>(4));
        return (info, r.GetBoolean(5));
    }

    /// <summary>The committed counts: exact, since every fact commits in the same statement as its counter delta.</summary>
    public async Task<long> LoadCommentCountAsync(Guid id)
    {
        await using var cmd = db.CreateCommand("SELECT comments FROM content_counters WHERE content_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        return await cmd.ExecuteScalarAsync() is long n ? n : 0;
    }

    /// <summary>Prepared: every activation of a content grain runs it, and planning it cost PostgreSQL more than running it
    /// (0.68 against 0.51 ms a call, <c>pg_stat_statements</c> over the recommendations benchmark's new sessions).</summary>
    public async Task<ContentCounts> LoadCountsAsync(Guid id)
    {
        await using var cmd = await PreparedCommand.OpenAsync(prepared, """
            SELECT coalesce(k.likes, 0), coalesce(k.views, 0), coalesce(k.comments, 0), coalesce(k.bookmarks, 0),
                   (SELECT coalesce(array_agg(reaction ORDER BY reaction), '{}') FROM content_reaction_counts WHERE content_id = $1 AND count > 0),
                   (SELECT coalesce(array_agg(count ORDER BY reaction), '{}') FROM content_reaction_counts WHERE content_id = $1 AND count > 0)
            FROM (SELECT $1::uuid AS id) i LEFT JOIN content_counters k ON k.content_id = i.id
            """, id);
        await using var r = await cmd.Command.ExecuteReaderAsync();
        await r.ReadAsync();
        var names = r.GetFieldValue<string[]>(4);
        var counts = r.GetFieldValue<long[]>(5);
        var reactions = names.Zip(counts).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        return new ContentCounts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), reactions);
    }

    public async Task UpsertAsync(ContentInfo info)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO content (id, kind, owner_id, visibility, parent_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET visibility = EXCLUDED.visibility
            """);
        foreach (var value in new object[] { info.Id, Lower(info.Kind), info.OwnerId, Lower(info.Visibility), (object?)info.ParentId ?? DBNull.Value, info.CreatedAt })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task MarkDeletedAsync(Guid id)
    {
        await using var cmd = db.CreateCommand("UPDATE content SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Everyone who liked, bookmarked or reacted to the item; null when that is more than <paramref name="max"/> people.</summary>
    public async Task<Engagers?> LoadEngagersAsync(Guid id, int max)
    {
        await using var cmd = await PreparedCommand.OpenAsync(prepared, """
            (SELECT 0, user_id, NULL::text FROM likes WHERE content_id = $1 LIMIT $2)
            UNION ALL (SELECT 1, user_id, NULL FROM bookmarks WHERE content_id = $1 LIMIT $2)
            UNION ALL (SELECT 2, user_id, reaction FROM reactions WHERE content_id = $1 LIMIT $2)
            """, id, max + 1);
        var (likers, bookmarkers, reactions) = (new HashSet<Guid>(), new HashSet<Guid>(), new Dictionary<Guid, string>());
        await using var r = await cmd.Command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            switch (r.GetInt32(0))
            {
                case 0: likers.Add(r.GetGuid(1)); break;
                case 1: bookmarkers.Add(r.GetGuid(1)); break;
                default: reactions[r.GetGuid(1)] = r.GetString(2); break;
            }
            if (likers.Count + bookmarkers.Count + reactions.Count > max) return null;
        }
        return new Engagers(likers, bookmarkers, reactions);
    }

    public async Task<ViewerState> LoadViewerStateAsync(Guid id, Guid viewerId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM likes WHERE content_id = $1 AND user_id = $2),
                   EXISTS (SELECT 1 FROM bookmarks WHERE user_id = $2 AND content_id = $1),
                   (SELECT reaction FROM reactions WHERE content_id = $1 AND user_id = $2)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = viewerId });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return new ViewerState(r.GetBoolean(0), r.GetBoolean(1), r.IsDBNull(2) ? null : r.GetString(2));
    }

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
