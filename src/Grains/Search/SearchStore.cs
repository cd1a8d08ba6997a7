using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.Grains.Search;

/// <summary>
/// The PostgreSQL search index: search_documents (one row per item, its tsvector built by search_document()) and
/// search_hashtags (how many findable posts carry each tag), written together. Writes are group-committed
/// (<see cref="GroupCommitWriter{T}"/>): a batch is one transaction of four statements whatever its size (the documents'
/// rows locked, upserted, deleted, the tags' net counts), so a burst of posts costs PostgreSQL one commit, not one per
/// post. A batch that fails is written again item by item, so that one item that cannot be written fails alone.
/// </summary>
public sealed class SearchStore(
    NpgsqlDataSource db, [FromKeyedServices(SearchOptions.ReadPool)] NpgsqlDataSource reads, SocialFlowMetrics metrics, ILogger<SearchStore> logger)
    : GroupCommitWriter<IndexWrite>("search", MaxBatch, metrics, logger), ISearchIndex
{
    private const int MaxBatch = 500;

    public Task UpsertAsync(SearchDocument document) => QueueAsync(new IndexWrite(document.Id, document));

    public Task DeleteAsync(Guid id) => QueueAsync(new IndexWrite(id, null));

    /// <summary>
    /// One transaction: the documents' rows locked in id order (two batches touching the same items, on two silos,
    /// wait for each other instead of interleaving), upserted and deleted, then every tag's net change counted in tag
    /// order. An item written twice in the batch is written as its last write.
    /// </summary>
    protected override async Task CommitAsync(IReadOnlyList<IndexWrite> writes)
    {
        var last = writes.GroupBy(w => w.Id).Select(g => g.Last()).ToList();
        var upserts = last.Where(w => w.Document is not null).Select(w => w.Document!).ToList();
        await using var tx = await Tx.BeginAsync(db);
        var before = await CountedTagsAsync(tx, [.. last.Select(w => w.Id)]);
        if (upserts.Count > 0) await tx.ExecuteAsync(UpsertSql, new NpgsqlParameter { Value = DocumentsJson(upserts), NpgsqlDbType = NpgsqlDbType.Jsonb });
        var deletes = last.Where(w => w.Document is null).Select(w => w.Id).ToArray();
        if (deletes.Length > 0) await tx.ExecuteAsync("DELETE FROM search_documents WHERE id = ANY($1)", deletes);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in last)
        {
            var was = before.GetValueOrDefault(w.Id, []);
            var now = w.Document is { Visibility: "public", Hidden: false } d ? d.Tags : [];
            foreach (var tag in now.Except(was)) counts[tag] = counts.GetValueOrDefault(tag) + 1;
            foreach (var tag in was.Except(now)) counts[tag] = counts.GetValueOrDefault(tag) - 1;
        }
        var changed = counts.Where(c => c.Value != 0).ToList();
        if (changed.Count > 0) await tx.ExecuteAsync(CountSql, changed.Select(c => c.Key).ToArray(), changed.Select(c => c.Value).ToArray());
        await tx.CommitAsync();
    }

    private const string UpsertSql = """
        INSERT INTO search_documents AS s (id, kind, owner_id, owner_username, title, body, tags, visibility, hidden, created_at,
                                           duration_seconds, document)
        SELECT d.id, d.kind, d.owner_id, d.owner_username, d.title, d.body, d.tags, d.visibility, d.hidden, d.created_at,
               d.duration_seconds, search_document(d.title, d.owner_username, d.tags, d.body)
        FROM jsonb_to_recordset($1) AS d(id uuid, kind text, owner_id uuid, owner_username text, title text, body text, tags text[],
                                         visibility text, hidden boolean, created_at timestamptz, duration_seconds float8)
        ORDER BY d.id
        ON CONFLICT (id) DO UPDATE SET owner_username = excluded.owner_username, title = excluded.title, body = excluded.body,
            tags = excluded.tags, visibility = excluded.visibility, hidden = excluded.hidden, indexed_at = now(),
            duration_seconds = excluded.duration_seconds, document = excluded.document
        """;

    // A tag's count never goes below zero (a tag first seen by a removal starts at zero).
    private const string CountSql = """
        INSERT INTO search_hashtags AS h (tag, uses)
        SELECT c.tag, greatest(c.change, 0) FROM unnest($1::text[], $2::int[]) AS c(tag, change) ORDER BY c.tag COLLATE "C"
        ON CONFLICT (tag) DO UPDATE
        SET uses = greatest(h.uses + (SELECT c.change FROM unnest($1::text[], $2::int[]) AS c(tag, change) WHERE c.tag COLLATE "C" = excluded.tag), 0)
        """;

    private static string DocumentsJson(IEnumerable<SearchDocument> documents) => JsonSerializer.Serialize(documents.Select(d => new Dictionary<string, object?>
    {
        ["id"] = d.Id, ["kind"] = d.Kind, ["owner_id"] = d.OwnerId, ["owner_username"] = d.OwnerUsername, ["title"] = d.Title,
        ["body"] = d.Body, ["tags"] = d.Tags, ["visibility"] = d.Visibility, ["hidden"] = d.Hidden, ["created_at"] = d.CreatedAt,
        ["duration_seconds"] = d.DurationSeconds,
    }));

    /// <summary>The tags each item's current document counts (a public, visible post's), their rows locked until commit.</summary>
    private static async Task<Dictionary<Guid, string[]>> CountedTagsAsync(Tx tx, Guid[] ids)
    {
        await using var cmd = tx.Command("""
            SELECT id, CASE WHEN visibility = 'public' AND NOT hidden THEN tags ELSE '{}' END FROM search_documents
            WHERE id = ANY($1) ORDER BY id FOR UPDATE
            """, ids);
        var tags = new Dictionary<Guid, string[]>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) tags[r.GetGuid(0)] = r.GetFieldValue<string[]>(1);
        return tags;
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
}
