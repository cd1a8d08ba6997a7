using System.Text.Json;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
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
public sealed class SearchResultsReadModel(
    [FromKeyedServices(SearchOptions.ReadPool)] NpgsqlDataSource db, NpgsqlDataSource estimates) : ISearchResults
{
    public const int Candidates = 1_000;

    /// <summary>How much newer halves the text rank a match needs: 30 days.</summary>
    private const int HalfLifeSeconds = 30 * 86_400;

    /// <summary>Scores travel in cursors as whole billionths (PageCursor.At's ticks), rounded so in SQL too: exact keysets.</summary>
    private const decimal ScoreScale = 1_000_000_000m;

    /// <summary>Each filter's way to its matches, decided once a minute (the statistics it is decided from change slowly).</summary>
    private readonly ConcurrentTLru<string, int> _walks = new(10_000, TimeSpan.FromMinutes(1));

    public async Task<SearchPage> PageAsync(SearchRequest request, Guid? viewerId, PageCursor? after, int limit)
    {
        var (scale, newest) = (request.Sort is SearchSort.Views or SearchSort.Likes ? 1m : ScoreScale, request.Sort == SearchSort.Newest);
        var walk = await WalkAsync(request, newest ? limit + 1 : Candidates);
        var (sql, parameters) = (Sql(request, walk), Parameters(request, viewerId, after, limit));
        List<(SearchHit Hit, decimal Key)> rows;
        if (walk == Unbounded)
        {
            // Nothing the statistics can estimate (no words, no tags: an author or a time range alone): planned for
            // its values, as PostgreSQL would plan it anywhere else.
            await using var connection = await db.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using (var custom = new NpgsqlCommand("SET LOCAL plan_cache_mode = force_custom_plan", connection, tx)) await custom.ExecuteNonQueryAsync();
            await using var cmd = new NpgsqlCommand(sql, connection, tx);
            Tx.AddParameters(cmd, parameters);
            rows = await ReadAsync(cmd, request.Type);
        }
        else
        {
            await using var cmd = await PreparedCommand.OpenAsync(db, sql, parameters);
            rows = await ReadAsync(cmd.Command, request.Type);
        }
        var hits = rows.Select(r => r.Hit).ToList();
        if (hits.Count <= limit) return new SearchPage(hits, null);
        var last = hits[limit - 1];
        var next = newest
            ? new PageCursor(last.CreatedAt, last.Id)
            : PageCursor.AfterKey(rows[limit - 1].Key, last.Id, scale);
        return new SearchPage(hits[..limit], next);
    }

    private static async Task<List<(SearchHit Hit, decimal Key)>> ReadAsync(NpgsqlCommand cmd, SearchType type)
    {
        var rows = new List<(SearchHit, decimal)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add((new SearchHit(type, r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetString(4), r.GetFieldValue<string[]>(5), r.GetFieldValue<DateTimeOffset>(6), (double)r.GetDecimal(11),
                r.IsDBNull(8) ? null : r.GetDouble(8), r.GetInt64(9), r.GetInt64(10)), r.GetDecimal(7)));
        }
        return rows;
    }

    /// <summary>The page's statement as <see cref="PageAsync"/> runs it, unprepared (what the search benchmark explains).</summary>
    public async Task<NpgsqlCommand> CommandAsync(SearchRequest request, Guid? viewerId, PageCursor? after, int limit)
    {
        var walk = await WalkAsync(request, request.Sort == SearchSort.Newest ? limit + 1 : Candidates);
        var cmd = db.CreateCommand(Sql(request, walk));
        Tx.AddParameters(cmd, Parameters(request, viewerId, after, limit));
        return cmd;
    }

    /// <summary>
    /// How the newest <paramref name="wanted"/> matches are found: by walking the recency index, newest first, until that
    /// many matched (good when many match: a share s of the N documents matching, the walk reads about wanted / s rows),
    /// or through the GIN indexes (every match, then the newest: about s·N rows, good when few match). The walk wins when
    /// s·N exceeds √(wanted·N). The matches are PostgreSQL's own estimate for the filter, from its statistics of the
    /// words and tags (EXPLAIN of the filter alone: what its planner would have weighed); a "phrase" always goes through
    /// the indexes, whose rows bound it (it is estimated as its words together, but words are next to each other far more
    /// rarely, and a walk would read on to the end looking for them). Returns how many of the newest items a walk may
    /// read (<see cref="WalkBounds"/>: the first at least four times wanted / s; the last when nothing filters), or 0 for the indexes.
    /// A statement per way and bound, each prepared and planned once per connection: planned per query, a page cost
    /// about as much to plan as to run.
    /// </summary>
    private async Task<int> WalkAsync(SearchRequest request, int wanted)
    {
        if (request.Text.Length == 0 && request.Hashtags.Count == 0) return Unbounded;
        if (request.Text.Contains('"')) return 0;
        var key = $"{request.Type}|{wanted}|{string.Join(',', request.Hashtags)}|{string.Join(',', request.Usernames)}|{request.Text}";
        if (_walks.TryGet(key, out var walk)) return walk;
        // The filter's values written into the statement: an EXPLAIN estimates with what it is given, and given
        // parameters it plans without their values (every word alike).
        await using var batch = estimates.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            EXPLAIN (FORMAT JSON) SELECT 1 FROM search_documents d
            WHERE d.kind = {Literal(SearchDocument.KindOf(request.Type))} AND NOT d.hidden
              {(request.Text.Length > 0 ? $"AND d.document @@ search_query({Literal(request.Text)})" : "")}
              AND d.tags @> {Literals(request.Hashtags)} {(request.Usernames.Count == 0 ? "" : $"AND {Authors(Literals(request.Usernames))}")}
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT greatest(reltuples, 1)::float8 FROM pg_class WHERE oid = 'search_documents'::regclass"));
        await using var r = await batch.ExecuteReaderAsync();
        await r.ReadAsync();
        using var plan = JsonDocument.Parse(r.GetString(0));
        var matches = plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
        await r.NextResultAsync();
        await r.ReadAsync();
        var total = r.GetDouble(0);
        var read = wanted * total / Math.Max(matches, 1);
        walk = matches * matches > wanted * total ? WalkBounds.FirstOrDefault(b => b >= 4 * read, Unbounded) : 0;
        _walks.AddOrUpdate(key, walk);
        return walk;
    }

    /// <summary>How many of the newest items a walk may read: a few bounds, each its own prepared statement (a bound as
    /// a parameter would leave the planner guessing how much of the index is read); beyond them, or with nothing to
    /// estimate (an author or a time range alone), the table itself in a statement planned for its values, which walks
    /// the recency index or reads an author's items by the owner index as their numbers say.</summary>
    private static readonly int[] WalkBounds = [20_000, 100_000, 500_000];

    private const int Unbounded = int.MaxValue;

    /// <summary>
    /// The page's statement for a way to the matches. Walking, the filters are written as functions (ts_match_vq for @@,
    /// arraycontains for @>), which no index answers, so that the generic plan walks the recency index; through the
    /// indexes, as operators the GIN indexes answer (and without a word filter when there are no words). The query is
    /// computed once (an InitPlan), not per row: a generic plan cannot fold search_query() for the text.
    /// </summary>
    private static string Sql(SearchRequest request, int walk)
    {
        var newest = request.Sort == SearchSort.Newest;
        // The ranked sorts page the ranked candidates (the same set again, while nothing new matches), by a key that a
        // cursor carries in At's ticks: the score in billionths, or the count itself.
        var (key, counts) = request.Sort switch
        {
            SearchSort.Views => ("coalesce(k.views, 0)::numeric", "LEFT JOIN content_counters k ON k.content_id = c.id"),
            SearchSort.Likes => ("coalesce(k.likes, 0)::numeric", "LEFT JOIN content_counters k ON k.content_id = c.id"),
            _ => ("score", ""),
        };
        var (newestAfter, rankedAfter, order) = newest
            ? ("AND ($10::uuid IS NULL OR (d.created_at, d.id) < ($8, $10))", "true", "created_at DESC")
            : ("", "$10::uuid IS NULL OR (r.sort_key, r.id) < ($9, $10)", "sort_key DESC");
        // Only the filters asked for: a generic plan would read an index for an empty one too (every row has no tags' {}).
        var words = request.Text.Length == 0 ? "true"
            : walk > 0 ? "ts_match_vq(d.document, (SELECT query FROM q))" : "d.document @@ (SELECT query FROM q)";
        var tags = request.Hashtags.Count == 0 ? "cardinality($2::text[]) = 0"
            : walk > 0 ? "arraycontains(d.tags, $2)" : "d.tags @> $2";
        return $"""
            WITH q AS MATERIALIZED (
                SELECT CASE WHEN $1 = '' THEN NULL ELSE search_query($1) END AS query),
            hidden_owners AS (
                SELECT ARRAY(
                    SELECT a.id FROM accounts a
                    WHERE (a.suspended_until IS NOT NULL OR a.limited_until IS NOT NULL) AND a.id IS DISTINCT FROM $4
                      AND (a.suspended_until > now() OR (a.limited_until > now() AND NOT {Follows("a.id")}))
                    UNION ALL {SocialFilters.BlockedOrMuted("$4")}) AS ids),
            candidates AS (
                SELECT d.id, d.owner_id, d.title, d.body, d.tags, d.created_at, d.duration_seconds, d.document
                FROM hidden_owners h, {(walk is > 0 and < Unbounded ? Newest(walk, newestAfter) : "search_documents")} d
                WHERE d.kind = $11 AND NOT d.hidden AND {words} AND {tags}
                  AND {(request.Usernames.Count == 0 ? "true" : Authors("$3::text[]"))}
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
                         LATERAL (SELECT round((ln(greatest(coalesce(ts_rank_cd(c.document, (SELECT query FROM q)), 1), 1e-9))
                                         + extract(epoch FROM c.created_at) / {HalfLifeSeconds} * ln(2))::numeric, 9) AS score) s) r
                WHERE {rankedAfter}
                ORDER BY r.{order}, r.id DESC
                LIMIT $7)
            SELECT r.id, r.owner_id, a.username::text, r.title, left(r.body, 200), r.tags, r.created_at, r.sort_key, r.duration_seconds,
                   coalesce(k.views, 0), coalesce(k.likes, 0), r.score
            FROM ranked r JOIN accounts a ON a.id = r.owner_id LEFT JOIN content_counters k ON k.content_id = r.id
            ORDER BY r.{order}, r.id DESC
            """;
    }

    /// <summary>
    /// The walk: the newest items of the kind, in the recency index's order, at most <paramref name="bound"/> (its own
    /// LIMIT, so that even a generic plan, which cannot tell how many rows match, reads that index rather than sorting
    /// the table); the page's filters then take the first matches as the rows come.
    /// </summary>
    private static string Newest(int bound, string after) => $"""
        (SELECT * FROM search_documents d WHERE d.kind = $11 AND NOT d.hidden {after}
         ORDER BY d.created_at DESC, d.id DESC {(bound == Unbounded ? "" : $"LIMIT {bound}")})
        """;

    /// <summary>The author filter over <paramref name="usernames"/> (a text[] expression: the page's parameter, the estimate's
    /// literal), only written when authors are asked for: alone in its conjunct, the planner makes it a join (the
    /// authors' items by the owner index), not a filter tested on every row.</summary>
    private static string Authors(string usernames) => $"""
        d.owner_id IN (SELECT a.id FROM accounts a WHERE lower(a.username::text) COLLATE "C" = ANY ({usernames}))
        """;

    /// <summary>A dollar-quoted literal whose delimiter the text cannot contain (so no text ends it early); NUL, which no
    /// text value may hold, is left out.</summary>
    private static string Literal(string text)
    {
        text = text.Replace("\0", "");
        var tag = "$q$";
        for (var n = 0; text.Contains(tag[..^1]); n++) tag = $"$q{n}$";
        return tag + text + tag;
    }

    private static string Literals(IReadOnlyList<string> texts) =>
        texts.Count == 0 ? "'{}'::text[]" : $"ARRAY[{string.Join(", ", texts.Select(Literal))}]::text[]";

    private static NpgsqlParameter[] Parameters(SearchRequest request, Guid? viewerId, PageCursor? after, int limit)
    {
        var scale = request.Sort is SearchSort.Views or SearchSort.Likes ? 1m : ScoreScale;
        return
        [
            new() { Value = request.Text, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = request.Hashtags.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = request.Usernames.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new() { Value = (object?)viewerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
            new() { Value = (object?)request.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new() { Value = (object?)request.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new() { Value = limit + 1, NpgsqlDbType = NpgsqlDbType.Integer },
            new() { Value = after?.At ?? DateTimeOffset.UnixEpoch, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new() { Value = after?.Key(scale) ?? 0m, NpgsqlDbType = NpgsqlDbType.Numeric },
            new() { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
            new() { Value = SearchDocument.KindOf(request.Type), NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = (object?)request.MinDuration ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double },
            new() { Value = (object?)request.MaxDuration ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double },
        ];
    }

    private static string Follows(string owner) => $"EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $4 AND f.followee_id = {owner})";
}
