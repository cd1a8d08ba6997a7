using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.Search;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// Search results: the index's documents (Search: SearchStore) that match, filtered by who may see them, which needs
/// the authors' standing (Users: accounts) and whether the viewer follows them (Social: follows), and for sorting by
/// views or likes and showing them, the counts (Engagement: content_counters). Why a join: visibility decides
/// membership of a ranked page, so it must be applied before the limit, in the statement. Why it is safe: read only; a
/// row that changes between pages shows as it is when read.
/// <para>
/// Bounded: the newest <see cref="Candidates"/> matches of search_query() (the typed words plain or stemmed in any
/// supported language; a walk of the recency index for a common word, the GIN index for a rare one: the planner picks
/// by selectivity) are ranked by ln(ts_rank_cd) (weights A title and username, B hashtags, C text stemmed for the
/// item's language, D plain words) + ln 2 × creation time / 30 days: a match 30 days older needs twice the
/// text rank. The score depends on the item alone, not on the time of the query, so pages keep their order. Newest
/// walks the recency index alone. The walk touches search_documents only: the authors hidden from this viewer now
/// (suspended, or limited and not followed — few, from a partial index —, blocked either way or muted: Social's blocks
/// and mutes, read here rather than asked of the viewer's graph grain, whose activation cost more than the search) are
/// one array it leaves out, and names and counts are joined for the page's rows alone.
/// </para>
/// </summary>
public sealed class SearchResultsReadModel([FromKeyedServices(SearchOptions.ReadPool)] NpgsqlDataSource db) : ISearchResults
{
    public const int Candidates = 1_000;

    /// <summary>How much newer halves the text rank a match needs: 30 days.</summary>
    private const int HalfLifeSeconds = 30 * 86_400;

    /// <summary>Scores travel in cursors as whole billionths (PageCursor.At's ticks), rounded so in SQL too: exact keysets.</summary>
    private const decimal ScoreScale = 1_000_000_000m;

    public async Task<SearchPage> PageAsync(SearchRequest request, Guid? viewerId, PageCursor? after, int limit)
    {
        var (scale, newest) = (request.Sort is SearchSort.Views or SearchSort.Likes ? 1m : ScoreScale, request.Sort == SearchSort.Newest);
        var hits = new List<SearchHit>();
        var keys = new List<decimal>();
        await using (var cmd = Command(request, viewerId, after, limit))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                keys.Add(r.GetDecimal(7));
                hits.Add(new SearchHit(request.Type, r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.GetString(4), r.GetFieldValue<string[]>(5), r.GetFieldValue<DateTimeOffset>(6), (double)r.GetDecimal(11),
                    r.IsDBNull(8) ? null : r.GetDouble(8), r.GetInt64(9), r.GetInt64(10)));
            }
        }
        if (hits.Count <= limit) return new SearchPage(hits, null);
        var last = hits[limit - 1];
        var next = newest
            ? new PageCursor(last.CreatedAt, last.Id)
            : PageCursor.AfterKey(keys[limit - 1], last.Id, scale);
        return new SearchPage(hits[..limit], next);
    }

    /// <summary>The page's statement (also what the search benchmark explains).</summary>
    public NpgsqlCommand Command(SearchRequest request, Guid? viewerId, PageCursor? after, int limit)
    {
        var newest = request.Sort == SearchSort.Newest;
        // The ranked sorts page the ranked candidates (the same set again, while nothing new matches), by a key that a
        // cursor carries in At's ticks: the score in billionths, or the count itself.
        var (key, scale, counts) = request.Sort switch
        {
            SearchSort.Views => ("coalesce(k.views, 0)::numeric", 1m, "LEFT JOIN content_counters k ON k.content_id = c.id"),
            SearchSort.Likes => ("coalesce(k.likes, 0)::numeric", 1m, "LEFT JOIN content_counters k ON k.content_id = c.id"),
            _ => ("score", ScoreScale, ""),
        };
        var (newestAfter, rankedAfter, order) = newest
            ? ("AND ($10::uuid IS NULL OR (d.created_at, d.id) < ($8, $10))", "true", "created_at DESC")
            : ("", "$10::uuid IS NULL OR (r.sort_key, r.id) < ($9, $10)", "sort_key DESC");
        var cmd = db.CreateCommand($"""
            WITH q AS (
                SELECT CASE WHEN $1 = '' THEN NULL ELSE search_query($1) END AS query),
            hidden_owners AS (
                SELECT ARRAY(
                    SELECT a.id FROM accounts a
                    WHERE (a.suspended_until IS NOT NULL OR a.limited_until IS NOT NULL) AND a.id IS DISTINCT FROM $4
                      AND (a.suspended_until > now() OR (a.limited_until > now() AND NOT {Follows("a.id")}))
                    UNION ALL {SocialFilters.BlockedOrMuted("$4")}) AS ids),
            candidates AS (
                SELECT d.id, d.owner_id, d.title, d.body, d.tags, d.created_at, d.duration_seconds, d.document, q.query
                FROM q, hidden_owners h, search_documents d
                WHERE d.kind = $11 AND NOT d.hidden
                  AND (q.query IS NULL OR d.document @@ q.query)
                  AND d.tags @> $2
                  AND (cardinality($3) = 0 OR d.owner_id IN (SELECT a.id FROM accounts a WHERE lower(a.username::text) COLLATE "C" = ANY ($3)))
                  AND d.owner_id <> ALL (h.ids)
                  AND ($5::timestamptz IS NULL OR d.created_at >= $5) AND ($6::timestamptz IS NULL OR d.created_at < $6)
                  AND ($12::float8 IS NULL OR d.duration_seconds >= $12) AND ($13::float8 IS NULL OR d.duration_seconds <= $13) {newestAfter}
                  AND (d.visibility = 'public' OR d.owner_id = $4 OR (d.visibility = 'followers' AND {Follows("d.owner_id")}))
                ORDER BY d.created_at DESC, d.id DESC
                LIMIT {(newest ? "$7" : Candidates)}),
            ranked AS (
                SELECT r.* FROM (
                    SELECT c.id, c.owner_id, c.title, c.body, c.tags, c.created_at, c.duration_seconds, s.score, {key} AS sort_key
                    FROM candidates c {counts},
                         LATERAL (SELECT round((ln(greatest(coalesce(ts_rank_cd(c.document, c.query), 1), 1e-9))
                                         + extract(epoch FROM c.created_at) / {HalfLifeSeconds} * ln(2))::numeric, 9) AS score) s) r
                WHERE {rankedAfter}
                ORDER BY r.{order}, r.id DESC
                LIMIT $7)
            SELECT r.id, r.owner_id, a.username::text, r.title, left(r.body, 200), r.tags, r.created_at, r.sort_key, r.duration_seconds,
                   coalesce(k.views, 0), coalesce(k.likes, 0), r.score
            FROM ranked r JOIN accounts a ON a.id = r.owner_id LEFT JOIN content_counters k ON k.content_id = r.id
            ORDER BY r.{order}, r.id DESC
            """);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter { Value = request.Text, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = request.Hashtags.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = request.Usernames.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)viewerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = (object?)request.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = (object?)request.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = limit + 1 });
        p.Add(new NpgsqlParameter { Value = after?.At ?? DateTimeOffset.UnixEpoch, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = after?.Key(scale) ?? 0m, NpgsqlDbType = NpgsqlDbType.Numeric });
        p.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = SearchDocument.KindOf(request.Type), NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)request.MinDuration ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        p.Add(new NpgsqlParameter { Value = (object?)request.MaxDuration ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        return cmd;
    }

    private static string Follows(string owner) => $"EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $4 AND f.followee_id = {owner})";
}
