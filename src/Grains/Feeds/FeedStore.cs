using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Feeds;

/// <summary>The SQL of feed_entries and feed_builds (the fan-out's inserts are <see cref="FeedEntryWriter"/>'s). Every
/// write is idempotent, so a re-delivered event changes nothing.</summary>
public sealed class FeedStore(NpgsqlDataSource db)
{
    public async Task DeleteItemAsync(Guid[] users, Guid itemId)
    {
        await using var cmd = db.CreateCommand("DELETE FROM feed_entries WHERE user_id = ANY($1) AND item_id = $2");
        Tx.AddParameters(cmd, users, itemId);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DeleteAuthorAsync(Guid userId, Guid authorId)
    {
        await using var cmd = db.CreateCommand("DELETE FROM feed_entries WHERE user_id = $1 AND author_id = $2");
        Tx.AddParameters(cmd, userId, authorId);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Copies the recent feedable items of <paramref name="authors"/> into the user's feed (following, rebuilding): one
    /// INSERT over the read model's query, so the items never leave the database.
    /// </summary>
    public async Task BackfillAsync(Guid userId, Guid[] authors, int perAuthor, int limit)
    {
        await using var cmd = db.CreateCommand($"""
            INSERT INTO feed_entries (user_id, item_id, kind, author_id, created_at)
            SELECT $4, id, kind, author_id, at FROM ({RecentItemsReadModel.Sql}) recent
            ON CONFLICT DO NOTHING
            """);
        Tx.AddParameters(cmd, authors, perAuthor, limit, userId);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>When the user's window was last rebuilt from the graph; null when never.</summary>
    public async Task<DateTimeOffset?> BuiltAtAsync(Guid userId)
    {
        await using var cmd = db.CreateCommand("SELECT built_at FROM feed_builds WHERE user_id = $1");
        Tx.AddParameters(cmd, userId);
        return await cmd.ExecuteScalarAsync() is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    public async Task MarkBuiltAsync(Guid userId, DateTimeOffset at)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO feed_builds (user_id, built_at) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET built_at = excluded.built_at
            """);
        Tx.AddParameters(cmd, userId, at);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>All stored entries of the user (the window plus what arrived since it was last trimmed).</summary>
    public async Task<List<FeedEntry>> LoadAsync(Guid userId)
    {
        await using var cmd = db.CreateCommand("SELECT item_id, kind, author_id, created_at FROM feed_entries WHERE user_id = $1");
        Tx.AddParameters(cmd, userId);
        return await ReadEntriesAsync(cmd);
    }

    public async Task TrimAsync(Guid userId, Guid[] itemIds)
    {
        await using var cmd = db.CreateCommand("DELETE FROM feed_entries WHERE user_id = $1 AND item_id = ANY($2)");
        Tx.AddParameters(cmd, userId, itemIds);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<List<FeedEntry>> ReadEntriesAsync(NpgsqlCommand cmd)
    {
        var list = new List<FeedEntry>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add(new FeedEntry(r.GetGuid(0), (FeedItemKind)r.GetInt16(1), r.GetGuid(2), r.GetFieldValue<DateTimeOffset>(3)));
        }
        return list;
    }
}
