using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Search;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// What the search indexers index, read from the items' own tables: a post's text, visibility, moderation standing
/// and hashtags (Posts: PostGrain through PostStore), whether it is members-only (Payments: ContentAccessGrain through
/// SubscriptionStore; such posts are indexed hidden), a live stream on air (Live: LiveStreamStore) and an author's
/// username (Users: AccountStore).
/// <para>
/// Why read the tables and not the event: events carry ids, not texts, and reading the row as it is now makes the
/// indexer order-proof (a late "created" after an "updated" indexes the newest text) and idempotent. Why it is safe:
/// read only, rows by primary key.
/// </para>
/// </summary>
public sealed class SearchSourcesReadModel(NpgsqlDataSource db, [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared)
{
    /// <summary>For a rebuild: the next items of the kind's table (posts or videos) after <paramref name="after"/>, in id
    /// order, with their owners, and about how many rows the table has (the planner's estimate: counting reads them all).</summary>
    public async Task<(List<(Guid Id, Guid OwnerId)> Items, long Total)> ItemsAfterAsync(string kind, Guid? after, int count)
    {
        var (table, owner) = kind switch { "video" => ("videos", "owner_id"), "live" => ("live_streams", "owner_id"), _ => ("posts", "author_id") };
        await using var cmd = db.CreateCommand($"""
            SELECT id, {owner}, (SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = '{table}'::regclass)
            FROM {table} WHERE $1::uuid IS NULL OR id > $1 ORDER BY id LIMIT $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = count });
        var (items, total) = (new List<(Guid, Guid)>(), 0L);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            items.Add((r.GetGuid(0), r.GetGuid(1)));
            total = r.GetInt64(2);
        }
        return (items, total);
    }

    /// <summary>The account's username (a video's document takes the rest from its grain: its description is kept in
    /// the grain's serialized state, not in a column).</summary>
    public async Task<string?> UsernameAsync(Guid accountId)
    {
        await using var cmd = db.CreateCommand("SELECT username::text FROM accounts WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = accountId });
        return await cmd.ExecuteScalarAsync() as string;
    }

    /// <summary>The stream's document while it is on air (its start is its time), or null.</summary>
    public async Task<SearchDocument?> LiveAsync(Guid streamId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT s.owner_id, a.username::text, s.title, coalesce(s.description, ''), s.visibility, s.moderation IS NOT NULL, s.started_at
            FROM live_streams s JOIN accounts a ON a.id = s.owner_id
            WHERE s.id = $1 AND s.state = 'live'
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = streamId });
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return new SearchDocument(streamId, "live", r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), [],
            r.GetString(4), r.GetBoolean(5), r.GetFieldValue<DateTimeOffset>(6));
    }

    // A group read: the indexer asks for every post event (one statement for the posts asked about meanwhile).
    private readonly GroupReader<Guid, SearchDocument> _posts = new(ids => PreparedCommand.ReadByIdAsync(prepared, """
        SELECT p.id, p.author_id, a.username::text, p.text, p.visibility,
               p.moderation IS NOT NULL OR EXISTS (SELECT 1 FROM members_only_content m WHERE m.content_id = p.id), p.created_at,
               coalesce((SELECT array_agg(t.tag ORDER BY t.tag) FROM post_tags t WHERE t.post_id = p.id), '{}')
        FROM posts p JOIN accounts a ON a.id = p.author_id
        WHERE p.id = ANY ($1) AND p.deleted_at IS NULL
        """, ids, r => new SearchDocument(r.GetGuid(0), "post", r.GetGuid(1), r.GetString(2), null, r.GetString(3), r.GetFieldValue<string[]>(7),
        r.GetString(4), r.GetBoolean(5), r.GetFieldValue<DateTimeOffset>(6))));

    /// <summary>The post's document, or null when there is no such post or it was deleted.</summary>
    public Task<SearchDocument?> PostAsync(Guid postId) => _posts.ReadAsync(postId);
}
