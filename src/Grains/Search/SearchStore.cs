using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Search;

/// <summary>The writes of the PostgreSQL search index (search_documents): one row per item, its tsvector built here.</summary>
public sealed class SearchStore(NpgsqlDataSource db)
{
    /// <summary>Stems for English (the only language items carry today) and plain words for any language; see migration 0100.</summary>
    private const string Document = """
        setweight(to_tsvector('sf_simple', coalesce($5, '') || ' ' || $4), 'A')
        || setweight(to_tsvector('sf_english', coalesce($5, '')), 'A')
        || setweight(to_tsvector('sf_simple', array_to_string($7::text[], ' ')), 'B')
        || setweight(to_tsvector('sf_english', $6), 'C')
        || setweight(to_tsvector('sf_simple', $6), 'D')
        """;

    public async Task UpsertAsync(SearchDocument d)
    {
        await using var cmd = db.CreateCommand($"""
            INSERT INTO search_documents AS s (id, kind, owner_id, owner_username, title, body, tags, visibility, hidden, created_at, document)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, {Document})
            ON CONFLICT (id) DO UPDATE SET owner_username = excluded.owner_username, title = excluded.title, body = excluded.body,
                tags = excluded.tags, visibility = excluded.visibility, hidden = excluded.hidden, indexed_at = now(),
                document = excluded.document
            """);
        Tx.AddParameters(cmd, d.Id, d.Kind, d.OwnerId, d.OwnerUsername);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)d.Title ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        Tx.AddParameters(cmd, d.Body, d.Tags.ToArray(), d.Visibility, d.Hidden, d.CreatedAt);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DeleteAsync(Guid id)
    {
        await using var cmd = db.CreateCommand("DELETE FROM search_documents WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await cmd.ExecuteNonQueryAsync();
    }
}
