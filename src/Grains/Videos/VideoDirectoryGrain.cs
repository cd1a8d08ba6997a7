using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Npgsql;
using Orleans.Concurrency;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos;

/// <summary>Keyset-paged reads of the videos table. Stateless: any silo answers, locally.</summary>
[StatelessWorker]
public sealed class VideoDirectoryGrain(NpgsqlDataSource db) : Grain, IVideoDirectoryGrain
{
    private const string Columns = """
        SELECT v.id, v.owner_id, coalesce(a.username::text, ''), v.title, v.visibility, v.status, v.duration_seconds, v.width, v.height,
               v.created_at, v.ready_at
        FROM videos v LEFT JOIN accounts a ON a.id = v.owner_id
        """;

    public Task<VideoPage> FeedAsync(string? cursor, int limit)
    {
        var (at, id) = Decode(cursor);
        return PageAsync($"""
            {Columns}
            WHERE v.status = 'ready' AND v.visibility = 'public' AND v.deleted_at IS NULL AND (v.ready_at, v.id) < ($1, $2)
            ORDER BY v.ready_at DESC, v.id DESC LIMIT $3
            """, limit, s => s.ReadyAt!.Value, at, id, limit + 1);
    }

    public Task<VideoPage> ByOwnerAsync(Guid ownerId, bool includeAll, string? cursor, int limit)
    {
        var (at, id) = Decode(cursor);
        var filter = includeAll ? "" : "AND v.status = 'ready' AND v.visibility = 'public'";
        return PageAsync($"""
            {Columns}
            WHERE v.owner_id = $4 AND v.deleted_at IS NULL {filter} AND (v.created_at, v.id) < ($1, $2)
            ORDER BY v.created_at DESC, v.id DESC LIMIT $3
            """, limit, s => s.CreatedAt, at, id, limit + 1, ownerId);
    }

    private async Task<VideoPage> PageAsync(string sql, int limit, Func<VideoSummary, DateTimeOffset> key, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        Tx.AddParameters(cmd, args);
        var items = new List<VideoSummary>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                items.Add(new VideoSummary(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3),
                    Enum.Parse<VideoVisibility>(r.GetString(4), true), Enum.Parse<VideoStatus>(r.GetString(5), true),
                    r.IsDBNull(6) ? null : r.GetDouble(6), r.IsDBNull(7) ? null : r.GetInt32(7), r.IsDBNull(8) ? null : r.GetInt32(8),
                    r.GetFieldValue<DateTimeOffset>(9), r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10)));
            }
        }
        if (items.Count <= limit) return new VideoPage(items, null);
        items.RemoveAt(limit);
        var last = items[^1];
        return new VideoPage(items, Encode(key(last), last.Id));
    }

    /// <summary>Opaque cursor: the sort key (microseconds, as PostgreSQL stores it) and id of the last item.</summary>
    private static string Encode(DateTimeOffset at, Guid id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{(at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10}.{id:N}"));

    private static (DateTimeOffset At, Guid Id) Decode(string? cursor)
    {
        var none = (DateTimeOffset.MaxValue.AddYears(-1), Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        if (string.IsNullOrEmpty(cursor)) return none;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split('.');
            var micros = long.Parse(parts[0], CultureInfo.InvariantCulture);
            return (DateTimeOffset.UnixEpoch.AddTicks(micros * 10), Guid.ParseExact(parts[1], "N"));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException or ArgumentException)
        {
            throw new ArgumentException("The cursor is not valid.", nameof(cursor));
        }
    }
}
