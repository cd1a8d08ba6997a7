using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Trending;

/// <summary>The Trending domain's tables: trending_scores, trending_hidden (with its audit_log rows), trending_tag_uses.</summary>
public sealed class TrendingStore(NpgsqlDataSource db)
{
    public static string Name(TrendingKind kind) => kind switch
    {
        TrendingKind.Video => "video",
        TrendingKind.Post => "post",
        _ => "hashtag",
    };

    /// <summary>Replaces a window's snapshot in one transaction.</summary>
    public async Task SaveScoresAsync(string window, IEnumerable<(TrendingKind Kind, Guid Id, double Score, DateTimeOffset At)> entries)
    {
        var rows = entries.ToList();
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("DELETE FROM trending_scores WHERE time_window = $1", window);
        await using (var cmd = tx.Command("""
            INSERT INTO trending_scores (time_window, kind, item_id, score, scored_at)
            SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::float8[], $5::timestamptz[])
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = window });
            cmd.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => Name(r.Kind)).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Id).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Score).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.At).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    public async Task<List<(TrendingKind Kind, Guid Id, double Score, DateTimeOffset At)>> LoadScoresAsync(string window)
    {
        await using var cmd = db.CreateCommand("SELECT kind, item_id, score, scored_at FROM trending_scores WHERE time_window = $1");
        Tx.AddParameters(cmd, window);
        var rows = new List<(TrendingKind, Guid, double, DateTimeOffset)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add((r.GetString(0) == "video" ? TrendingKind.Video : TrendingKind.Post, r.GetGuid(1), r.GetDouble(2), r.GetFieldValue<DateTimeOffset>(3)));
        }
        return rows;
    }

    /// <summary>Hides or shows an item, with its audit_log row in the same transaction when something changed.</summary>
    public async Task<bool> SetHiddenAsync(TrendingKind kind, string item, bool hidden, AuditActor by, string? reason)
    {
        await using var tx = await Tx.BeginAsync(db);
        var changed = hidden
            ? await tx.ExecuteAsync("INSERT INTO trending_hidden (kind, item, hidden_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                Name(kind), item, (object?)by.UserId ?? DBNull.Value)
            : await tx.ExecuteAsync("DELETE FROM trending_hidden WHERE kind = $1 AND item = $2", Name(kind), item);
        if (changed == 0) return false;
        await AuditLog.AppendAsync(tx, new AuditEntry(by, AuditActions.TrendHidden, Name(kind), item, reason, new { hidden }));
        await tx.CommitAsync();
        return true;
    }

    /// <summary>Records a post's hashtags as used by its author at its creation (idempotent: one row per tag and post).</summary>
    public async Task AddTagUsesAsync(Guid postId, Guid accountId, DateTimeOffset at, IReadOnlyList<string> tags)
    {
        if (tags.Count == 0) return;
        await using var cmd = db.CreateCommand("""
            INSERT INTO trending_tag_uses (tag, post_id, account_id, used_at)
            SELECT t, $2, $3, $4 FROM unnest($1::text[]) AS t ON CONFLICT DO NOTHING
            """);
        Tx.AddParameters(cmd, tags.ToArray(), postId, accountId, at);
        await cmd.ExecuteNonQueryAsync();
    }
}
