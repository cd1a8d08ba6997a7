using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Videos;

/// <summary>Keyset-paged lists of the videos table, newest first on (time, id).</summary>
public sealed partial class VideoStore
{
    private const string SummaryColumns = """
        SELECT v.id, v.owner_id, coalesce(a.username::text, ''), v.title, v.visibility, v.status, v.duration_seconds, v.width, v.height,
               v.created_at, v.ready_at, v.sensitive, v.moderation, v.moderation_reason
        FROM videos v LEFT JOIN accounts a ON a.id = v.owner_id
        """;

    /// <summary>Before every real key: the first page reads with the same plan as the others.</summary>
    private static readonly PageCursor Start = new(DateTimeOffset.MaxValue.AddYears(-1), Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"));

    /// <summary>Public ready videos by readiness time; not those of suspended or limited owners.</summary>
    public Task<VideoPage> FeedPageAsync(PageCursor? after, int limit)
    {
        var (at, id) = after ?? Start;
        return SummaryPageAsync($"""
            {SummaryColumns}
            WHERE v.status = 'ready' AND v.visibility = 'public' AND v.deleted_at IS NULL AND v.moderation IS NULL AND (v.ready_at, v.id) < ($1, $2)
              AND {StandingFilters.Discoverable}
            ORDER BY v.ready_at DESC, v.id DESC LIMIT $3
            """, limit, s => s.ReadyAt!.Value, at, id, limit + 1);
    }

    /// <summary>An owner's videos by creation time: the public ready ones, or all when <paramref name="includeAll"/>.</summary>
    public Task<VideoPage> OwnerPageAsync(Guid ownerId, bool includeAll, PageCursor? after, int limit)
    {
        var (at, id) = after ?? Start;
        var filter = includeAll ? "" : "AND v.status = 'ready' AND v.visibility = 'public' AND v.moderation IS NULL";
        return SummaryPageAsync($"""
            {SummaryColumns}
            WHERE v.owner_id = $4 AND v.deleted_at IS NULL {filter} AND (v.created_at, v.id) < ($1, $2)
            ORDER BY v.created_at DESC, v.id DESC LIMIT $3
            """, limit, s => s.CreatedAt, at, id, limit + 1, ownerId);
    }

    private async Task<VideoPage> SummaryPageAsync(string sql, int limit, Func<VideoSummary, DateTimeOffset> key, params object[] args)
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
                    r.GetFieldValue<DateTimeOffset>(9), r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10), r.GetBoolean(11),
                    Notice(r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13))));
            }
        }
        if (items.Count <= limit) return new VideoPage(items, null);
        items.RemoveAt(limit);
        var last = items[^1];
        return new VideoPage(items, new PageCursor(key(last), last.Id));
    }

    private static ModerationNotice? Notice(string? standing, string? reason) =>
        new ContentModeration(ContentModerationNames.FromColumn(standing), false, reason).Notice;
}
