using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.Grains.Search;

/// <summary>
/// The PostgreSQL search index: search_documents (one row per item, its tsvector built here) and search_hashtags (how
/// many findable posts carry each tag), written together in one transaction per item; and the rebuilds' positions
/// (search_rebuilds), kept here whichever index the provider writes.
/// </summary>
public sealed class SearchStore(NpgsqlDataSource db, [FromKeyedServices(SearchOptions.ReadPool)] NpgsqlDataSource reads) : ISearchIndex
{
    public async Task UpsertAsync(SearchDocument d)
    {
        await using var tx = await Tx.BeginAsync(db);
        var before = await CountedTagsAsync(tx, d.Id);
        await using (var cmd = tx.Command("""
            INSERT INTO search_documents AS s (id, kind, owner_id, owner_username, title, body, tags, visibility, hidden, created_at,
                                               duration_seconds, document)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, search_document($5, $4, $7, $6))
            ON CONFLICT (id) DO UPDATE SET owner_username = excluded.owner_username, title = excluded.title, body = excluded.body,
                tags = excluded.tags, visibility = excluded.visibility, hidden = excluded.hidden, indexed_at = now(),
                duration_seconds = excluded.duration_seconds, document = excluded.document
            """))
        {
            Tx.AddParameters(cmd, d.Id, d.Kind, d.OwnerId, d.OwnerUsername);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)d.Title ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            Tx.AddParameters(cmd, d.Body, d.Tags.ToArray(), d.Visibility, d.Hidden, d.CreatedAt);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)d.DurationSeconds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
            await cmd.ExecuteNonQueryAsync();
        }
        var after = d.Visibility == "public" && !d.Hidden ? d.Tags : [];
        await CountAsync(tx, [.. after.Except(before)], +1);
        await CountAsync(tx, [.. before.Except(after)], -1);
        await tx.CommitAsync();
    }

    public async Task DeleteAsync(Guid id)
    {
        await using var tx = await Tx.BeginAsync(db);
        await CountAsync(tx, [.. await CountedTagsAsync(tx, id)], -1);
        await tx.ExecuteAsync("DELETE FROM search_documents WHERE id = $1", id);
        await tx.CommitAsync();
    }

    /// <summary>Hashtags in use that start with <paramref name="prefix"/>, most used first.</summary>
    public async Task<HashtagPage> HashtagsAsync(string prefix, PageCursor? after, int limit)
    {
        // Prepared on the search pool (generic plans): the prefix as a key range, which a generic plan reads through the
        // index (tag is in the C collation).
        await using var cmd = await PreparedCommand.OpenAsync(reads, """
            SELECT tag, uses, id FROM search_hashtags
            WHERE tag >= $1 AND tag < $5 AND uses > 0 AND ($3::uuid IS NULL OR (uses, id) < ($2, $3))
            ORDER BY uses DESC, id DESC LIMIT $4
            """,
            new NpgsqlParameter { Value = prefix, NpgsqlDbType = NpgsqlDbType.Text },
            (int)(after?.Key() ?? 0),
            new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
            limit + 1,
            new NpgsqlParameter { Value = Like.PrefixEnd(prefix), NpgsqlDbType = NpgsqlDbType.Text });
        var rows = new List<(HashtagHit Hit, Guid Id)>();
        await using (var r = await cmd.Command.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) rows.Add((new HashtagHit(r.GetString(0), r.GetInt32(1)), r.GetGuid(2)));
        }
        if (rows.Count <= limit) return new HashtagPage([.. rows.Select(r => r.Hit)], null);
        var last = rows[limit - 1];
        return new HashtagPage([.. rows[..limit].Select(r => r.Hit)], PageCursor.AfterKey(last.Hit.Uses, last.Id));
    }

    /// <summary>The kind's rebuild progress (last item indexed, how many), started afresh when asked or when none is recorded.</summary>
    public async Task<(Guid? LastId, long Indexed)> RebuildPositionAsync(string kind, bool restart)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO search_rebuilds AS r (kind) VALUES ($1)
            ON CONFLICT (kind) DO UPDATE SET
                last_id = CASE WHEN $2 THEN NULL ELSE r.last_id END, indexed = CASE WHEN $2 THEN 0 ELSE r.indexed END,
                started_at = CASE WHEN $2 THEN now() ELSE r.started_at END, finished_at = CASE WHEN $2 THEN NULL ELSE r.finished_at END
            RETURNING last_id, indexed
            """);
        Tx.AddParameters(cmd, kind, restart);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.IsDBNull(0) ? null : r.GetGuid(0), r.GetInt64(1));
    }

    public async Task RecordRebuildAsync(string kind, Guid? lastId, long indexed, bool done)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE search_rebuilds SET last_id = $2, indexed = $3, updated_at = now(), finished_at = CASE WHEN $4 THEN now() END WHERE kind = $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)lastId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        Tx.AddParameters(cmd, indexed, done);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The tags the item's current document counts (a public, visible post's), its row locked until commit.</summary>
    private static async Task<List<string>> CountedTagsAsync(Tx tx, Guid id)
    {
        await using var cmd = tx.Command("""
            SELECT CASE WHEN visibility = 'public' AND NOT hidden THEN tags ELSE '{}' END FROM search_documents WHERE id = $1 FOR UPDATE
            """, id);
        return await cmd.ExecuteScalarAsync() is string[] tags ? [.. tags] : [];
    }

    private static async Task CountAsync(Tx tx, string[] tags, int delta)
    {
        if (tags.Length == 0) return;
        // In tag order, so two transactions counting overlapping tags lock them in the same order.
        await tx.ExecuteAsync("""
            INSERT INTO search_hashtags AS h (tag, uses) SELECT t, greatest($2, 0) FROM unnest($1::text[]) AS t ORDER BY t
            ON CONFLICT (tag) DO UPDATE SET uses = greatest(h.uses + $2, 0)
            """, tags, delta);
    }
}
