using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// Trending videos and posts as shown: a window grain's candidates (ids and scores, best first) kept only when anyone
/// may discover them now, with what renders them (a viewer's blocks and mutes are taken out by the caller). Reads the items' own rows (Videos: videos; Posts: posts, post_tags), the
/// authors' standing (Users: accounts, through <see cref="StandingFilters.Discoverable"/>), the counts (Engagement:
/// content_counters) and the admins' hides (Trending: trending_hidden). Why a join: whether an item may trend is decided
/// by all of these as they are now (a removal, a suspension or a hide takes effect at the next read, whatever the
/// scores say), and the page is cut after filtering. Why it is safe: read only, over at most a few hundred ids, each
/// reaching its row by primary key (a LATERAL with LIMIT 1: joined plainly, the planner hashed the whole posts table,
/// 15 of 20 ms at 25,000 posts, and it grows with the table).
/// </summary>
public sealed class TrendingItemsReadModel([FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared)
{
    /// <summary>Views, likes and engagements (likes, bookmarks, comments) of candidate c, reached by primary key.</summary>
    private const string Counts = "coalesce(k.views, 0), coalesce(k.likes, 0), coalesce(k.likes + k.bookmarks + k.comments, 0)";

    private const string CountsJoin = "LEFT JOIN LATERAL (SELECT k.views, k.likes, k.bookmarks, k.comments FROM content_counters k WHERE k.content_id = c.id LIMIT 1) k ON true";

    private const string Posts = $"""
        SELECT c.id, p.author_id, a.username::text, NULL::text, left(p.text, 200),
               ARRAY(SELECT t.tag FROM post_tags t WHERE t.post_id = p.id ORDER BY t.tag), p.created_at, c.score, NULL::float8,
               {Counts}
        FROM unnest($1::uuid[], $2::float8[]) WITH ORDINALITY AS c(id, score, rank)
        CROSS JOIN LATERAL (SELECT p.id, p.author_id, p.text, p.created_at, p.visibility, p.moderation, p.deleted_at FROM posts p WHERE p.id = c.id LIMIT 1) p
        JOIN accounts a ON a.id = p.author_id
        {CountsJoin}
        WHERE p.visibility = 'public' AND p.moderation IS NULL AND p.deleted_at IS NULL AND {StandingFilters.Discoverable}
          AND NOT EXISTS (SELECT 1 FROM trending_hidden h WHERE h.kind = 'post' AND h.item = c.id::text)
        ORDER BY c.rank
        LIMIT $3
        """;

    private const string Videos = $"""
        SELECT c.id, v.owner_id, a.username::text, v.title, NULL::text, ARRAY[]::text[], v.created_at, c.score, v.duration_seconds,
               {Counts}
        FROM unnest($1::uuid[], $2::float8[]) WITH ORDINALITY AS c(id, score, rank)
        CROSS JOIN LATERAL (SELECT v.owner_id, v.title, v.created_at, v.duration_seconds, v.visibility, v.status, v.moderation, v.deleted_at
                            FROM videos v WHERE v.id = c.id LIMIT 1) v
        JOIN accounts a ON a.id = v.owner_id
        {CountsJoin}
        WHERE v.visibility = 'public' AND v.status = 'ready' AND v.moderation IS NULL AND v.deleted_at IS NULL
          AND {StandingFilters.Discoverable}
          AND NOT EXISTS (SELECT 1 FROM trending_hidden h WHERE h.kind = 'video' AND h.item = c.id::text)
        ORDER BY c.rank
        LIMIT $3
        """;

    public async Task<IReadOnlyList<TrendingItem>> ItemsAsync(TrendingKind kind, IReadOnlyList<TrendingCandidate> candidates, int limit)
    {
        if (candidates.Count == 0) return [];
        // Prepared: every silo's trending reader runs it each second.
        await using var connection = await prepared.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(kind == TrendingKind.Video ? Videos : Posts, connection);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter { Value = candidates.Select(c => c.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = candidates.Select(c => c.Score).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        p.Add(new NpgsqlParameter { Value = limit });
        await cmd.PrepareAsync();
        var items = new List<TrendingItem>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            items.Add(new TrendingItem(kind, r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetFieldValue<string[]>(5), r.GetFieldValue<DateTimeOffset>(6),
                Math.Round(r.GetDouble(7), 3), r.IsDBNull(8) ? null : r.GetDouble(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11)));
        }
        return items;
    }
}
