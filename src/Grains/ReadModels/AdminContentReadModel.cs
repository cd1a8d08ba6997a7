using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// The admin content console: items of every kind with their moderation standing, newest or oldest first.
/// <para>
/// Reads videos (Videos: written by VideoGrain through VideoStore), posts (Posts: PostGrain through PostStore), comments
/// (Comments: CommentsGrain through CommentStore), live_streams (Live: LiveStreamGrain through LiveStreamStore) — only their
/// id, author, title or text (a video's description is inside its serialized state), moderation columns and creation time —,
/// accounts.username (Users: UserGrain through AccountStore) and the open report count of each item's case in
/// moderation_cases (Moderation, this domain's own table: ModerationStore). Why a join: one page mixes four kinds ordered by time; asking each domain for a page and merging would be
/// four round trips and four cursors. Why it is safe: read only, by moderators, and each branch walks its table by
/// (created_at, id) with the same keyset, so a page never skips or repeats an item; a row that changes between pages is
/// shown as it is when read.
/// </para>
/// </summary>
public sealed class AdminContentReadModel(NpgsqlDataSource db)
{
    public const int ExcerptLength = 200;

    private static readonly (ModerationTargetType Type, string Sql)[] Branches =
    [
        (ModerationTargetType.Video, "SELECT 0 AS type, id, owner_id AS author_id, title, NULL::text AS excerpt, {2} FROM videos t WHERE deleted_at IS NULL AND {1}"),
        (ModerationTargetType.Post, "SELECT 1 AS type, id, author_id, NULL::text AS title, left(text, {0}) AS excerpt, {2} FROM posts t WHERE deleted_at IS NULL AND {1}"),
        (ModerationTargetType.Comment, "SELECT 2 AS type, id, author_id, NULL::text AS title, left(text, {0}) AS excerpt, {2} FROM comments t WHERE deleted_at IS NULL AND {1}"),
        (ModerationTargetType.LiveStream, "SELECT 3 AS type, id, owner_id AS author_id, title, left(description, {0}) AS excerpt, {2} FROM live_streams t WHERE {1}"),
    ];

    private static readonly ModerationTargetType[] TypeOfBranch = [.. Branches.Select(b => b.Type)];

    public async Task<ContentConsolePage> PageAsync(ContentConsoleQuery query, PageCursor? after, int limit)
    {
        var (order, compare) = query.Oldest ? ("ASC", ">") : ("DESC", "<");
        var status = query.Status switch
        {
            ContentStatusFilter.Visible => "moderation IS NULL",
            ContentStatusFilter.Held => "moderation = 'held'",
            ContentStatusFilter.Removed => "moderation = 'removed'",
            ContentStatusFilter.Sensitive => "sensitive",
            _ => "true",
        };
        // $1 author (or null), $2/$3 the cursor (or null), $4 the page size plus one.
        var reported = query.Reported switch
        {
            true => " AND EXISTS (SELECT 1 FROM moderation_cases c WHERE c.target_id = t.id AND c.status = 'open' AND c.report_count > 0)",
            false => " AND NOT EXISTS (SELECT 1 FROM moderation_cases c WHERE c.target_id = t.id AND c.status = 'open' AND c.report_count > 0)",
            _ => "",
        };
        var filter = $"{status}{reported} AND ($1::uuid IS NULL OR {{author}} = $1) AND ($2::timestamptz IS NULL OR (created_at, id) {compare} ($2, $3))";
        var branches = Branches.Where(b => query.Type is null || b.Type == query.Type).Select(b =>
        {
            var author = b.Type is ModerationTargetType.Video or ModerationTargetType.LiveStream ? "owner_id" : "author_id";
            return $"({string.Format(b.Sql, ExcerptLength, filter.Replace("{author}", author), "moderation, sensitive, moderation_reason, created_at")} ORDER BY created_at {order}, id {order} LIMIT $4)";
        });
        await using var cmd = db.CreateCommand($"""
            SELECT i.type, i.id, i.author_id, coalesce(a.username::text, ''), i.title, i.excerpt, i.moderation, i.sensitive, i.moderation_reason, i.created_at,
                   coalesce(mc.report_count, 0)
            FROM ({string.Join(" UNION ALL ", branches)}) i LEFT JOIN accounts a ON a.id = i.author_id
                 LEFT JOIN moderation_cases mc ON mc.target_id = i.id AND mc.status = 'open'
            ORDER BY i.created_at {order}, i.id {order} LIMIT $4
            """);
        Tx.AddParameters(cmd, (object?)query.AuthorId ?? DBNull.Value, (object?)after?.At ?? DBNull.Value, (object?)after?.Id ?? DBNull.Value, limit + 1);
        var items = new List<ContentConsoleItem>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                items.Add(new ContentConsoleItem(TypeOfBranch[r.GetInt32(0)], r.GetGuid(1), r.GetGuid(2), r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
                    ContentModerationNames.FromColumn(r.IsDBNull(6) ? null : r.GetString(6)), r.GetBoolean(7),
                    r.IsDBNull(8) ? null : r.GetString(8), r.GetFieldValue<DateTimeOffset>(9), r.GetInt32(10)));
            }
        }
        if (items.Count <= limit) return new ContentConsolePage(items, null);
        items.RemoveAt(limit);
        return new ContentConsolePage(items, new PageCursor(items[^1].CreatedAt, items[^1].Id));
    }
}
