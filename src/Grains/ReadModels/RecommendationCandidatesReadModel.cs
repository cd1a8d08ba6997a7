using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.ReadModels;

/// <summary>What serving asks for one viewer's candidates (the sources the model ranks): the items co-engaged with their
/// recent positives, as the model's neighbors sum them (<see cref="NeighborTable.CoEngaged"/>), with their
/// co-engagement; trending items come with their facts (the trending reader's, the same for every viewer). Positives: the
/// viewer's recent positives, which the co-engaged items often include and the statement mostly leaves out (liked,
/// bookmarked): their features are not read along.</summary>
public sealed record CandidateQuery(
    Guid Viewer, IReadOnlyList<(Guid Item, double Score)> CoEngaged, IReadOnlyCollection<Guid> Followed, IReadOnlyList<string> Tags,
    IReadOnlyList<CandidateFacts> Trending, int Exploration, IReadOnlySet<Guid>? Positives = null);

/// <summary>
/// A viewer's candidates with what ranks them, already cut to what they may be shown. Sources: co-engaged items (given,
/// summed in memory from the served model's neighbors), followed accounts' newest items (the newest 100 of each one's
/// newest few, <see cref="PoolSizes.PerFollowedOf"/>: each candidate costs the checks below, and 200 followed accounts'
/// 2,000 items made the statement 17 ms instead of 2) and the newest public items
/// (Engagement: content), items tagged with their top interests (Posts: post_tags), and trending items (given with their
/// facts). Facts: Engagement (content); the features (tags, counts) from <see cref="CandidateFeaturesReadModel"/> (what it
/// lacks of the co-engaged items is read in this statement's batch: one round trip fewer in nearly every ranking). Kept
/// only when public now (content's visibility is the audience now: held, removed, not-ready and deleted items are not public), not
/// the viewer's own, the author neither suspended nor limited (Users: accounts, <see cref="StandingFilters.Discoverable"/>),
/// blocked either way nor muted (Social: blocks, mutes, <see cref="SocialFilters"/>), no author the viewer said "not
/// interested" in and nothing they gave feedback on lately (Recommendations: recommendation_feedback, the newest
/// <see cref="ViewerSignalsReadModel.MaxFeedback"/>), liked or bookmarked
/// (Engagement: likes by likes_by_user, bookmarks), each of these three read once for the viewer and hashed (a probe for
/// each of ~400 candidates, likes by likes_pkey, was a fifth to a quarter of the statement's time; a viewer with many
/// likes hashes them all), or viewed within the view window (Engagement: view_dedup, by primary key). A trending item is
/// only checked against the viewer (the trending reader decided visibility and standing for everyone a moment ago,
/// <see cref="Trending.TrendingOptions.CandidatesTtl"/>): looking up its facts again was half of the statement's time (3.2 of 6.1 ms for 200 trending ids); its rows are
/// the trending items left out (a few, where the allowed ones were ~190 rows a ranking). Why a join: one statement decides a page's candidates as
/// they are now. Why it is safe: read only, a few hundred ids, each source capped and served by an index. The merged ids
/// reach content by primary key (a LATERAL with LIMIT 1): the planner, guessing 200 merged ids, otherwise scanned it
/// whole (with the counters, 24 of 30 ms at 50,000 items).
/// </summary>
public sealed class RecommendationCandidatesReadModel(
    [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, CandidateFeaturesReadModel features)
{
    public const int MaxFollowed = 200;

    private static readonly string Sql = $"""
        WITH src (id, source, co) AS (
            SELECT n.id, 2, n.co FROM unnest($2::uuid[], $9::float8[]) AS n (id, co)
            UNION ALL (SELECT x.id, 1, 0 FROM unnest($3::uuid[]) AS f (id)
                CROSS JOIN LATERAL (SELECT c.id, c.created_at FROM content c WHERE c.owner_id = f.id AND c.kind IN ('video', 'post') AND c.deleted_at IS NULL
                                    ORDER BY c.created_at DESC LIMIT $10) x
                ORDER BY x.created_at DESC LIMIT {PoolSizes.Serving.Followed})
            UNION ALL SELECT x.post_id, 8, 0 FROM unnest($5::text[]) AS g (tag)
                CROSS JOIN LATERAL (SELECT pt.post_id FROM post_tags pt WHERE pt.tag = g.tag ORDER BY pt.post_id DESC LIMIT {PoolSizes.Serving.PerTag}) x
            UNION ALL (SELECT c.id, 16, 0 FROM content c WHERE c.kind IN ('video', 'post') AND c.visibility = 'public' AND c.deleted_at IS NULL
                       ORDER BY c.created_at DESC LIMIT $6)
        ), merged AS (SELECT id, bit_or(source) AS sources, max(co) AS co FROM src GROUP BY id),
        feedback AS ({ViewerSignalsReadModel.NewestFeedback})
        SELECT m.id, c.kind = 'video', c.owner_id, c.created_at, m.co, m.sources
        FROM merged m
        CROSS JOIN LATERAL (SELECT c.kind, c.owner_id, c.created_at, c.visibility, c.deleted_at FROM content c WHERE c.id = m.id LIMIT 1) c
        JOIN accounts a ON a.id = c.owner_id
        WHERE c.kind IN ('video', 'post') AND c.visibility = 'public' AND c.deleted_at IS NULL AND c.owner_id <> $1 AND {StandingFilters.Discoverable}
          AND c.owner_id NOT IN ({SocialFilters.BlockedOrMuted("$1")})
          AND c.owner_id NOT IN ({NotInterestedAuthors})
          AND {NotSeen("m.id")}
        UNION ALL
        SELECT t.id, NULL, NULL, NULL, NULL, NULL FROM unnest($4::uuid[], $8::uuid[]) AS t (id, author)
        WHERE t.author = $1 OR t.author IN ({SocialFilters.BlockedOrMuted("$1")}) OR t.author IN ({NotInterestedAuthors})
          OR {Seen("t.id")}
        """;

    private const string NotInterestedAuthors = "SELECT f.author_id FROM recommendation_feedback f WHERE f.user_id = $1 AND f.signal = 'not_interested'";

    private static string NotSeen(string item) => $"""
        {item} NOT IN (SELECT f.item_id FROM feedback f)
          AND {item} NOT IN (SELECT l.content_id FROM likes l WHERE l.user_id = $1)
          AND {item} NOT IN (SELECT b.content_id FROM bookmarks b WHERE b.user_id = $1)
          AND NOT EXISTS (SELECT 1 FROM view_dedup d WHERE d.content_id = {item} AND d.viewer_key = $7)
        """;

    /// <summary><see cref="NotSeen"/>'s checks the other way round, for the trending branch, which returns what they
    /// match. Two texts, not NOT (...) of one: the main branch's NOT IN and NOT EXISTS plan as hashed and anti-joins.</summary>
    private static string Seen(string item) => $"""
        {item} IN (SELECT f.item_id FROM feedback f)
          OR {item} IN (SELECT l.content_id FROM likes l WHERE l.user_id = $1)
          OR {item} IN (SELECT b.content_id FROM bookmarks b WHERE b.user_id = $1)
          OR EXISTS (SELECT 1 FROM view_dedup d WHERE d.content_id = {item} AND d.viewer_key = $7)
        """;

    public async Task<List<CandidateFacts>> CandidatesAsync(CandidateQuery q)
    {
        // Prepared: every ranking runs it, and planning it cost PostgreSQL about as much as running it (4–5 ms). The
        // co-engaged items' features this silo lacks are read in the same round trip.
        await using var connection = await prepared.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        var cmd = new NpgsqlBatchCommand(Sql);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter { Value = q.Viewer });
        p.Add(new NpgsqlParameter { Value = q.CoEngaged.Select(c => c.Item).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = q.Followed.Take(MaxFollowed).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = q.Trending.Select(t => t.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = q.Tags.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = q.Exploration });
        p.Add(new NpgsqlParameter { Value = $"u:{q.Viewer:N}" });
        p.Add(new NpgsqlParameter { Value = q.Trending.Select(t => t.AuthorId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = q.CoEngaged.Select(c => c.Score).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        p.Add(new NpgsqlParameter { Value = PerFollowed(q) });
        batch.BatchCommands.Add(cmd);
        var along = features.ReadAlong(q.CoEngaged.Select(c => c.Item).Where(id => q.Positives?.Contains(id) != true));
        if (along is not null) batch.BatchCommands.Add(along);
        await batch.PrepareAsync();
        var found = new List<(Guid Id, bool IsVideo, Guid Author, DateTimeOffset CreatedAt, double Co, SourceSet Sources)>(ExpectedRows(q));
        var trendingExcluded = new HashSet<Guid>();
        await using (var r = await batch.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                if (r.IsDBNull(1))
                {
                    trendingExcluded.Add(r.GetGuid(0));
                    continue;
                }
                found.Add((r.GetGuid(0), r.GetBoolean(1), r.GetGuid(2), r.GetFieldValue<DateTimeOffset>(3), r.GetDouble(4), (SourceSet)r.GetInt32(5)));
            }
            if (along is not null && await r.NextResultAsync()) await features.KeepAsync(r);
        }
        var known = await features.ReadAsync([.. found.Select(c => c.Id)]);
        var items = new Dictionary<Guid, CandidateFacts>(found.Count + q.Trending.Count);
        foreach (var c in found)
        {
            var f = known[c.Id];
            items[c.Id] = new CandidateFacts(c.Id, c.IsVideo, c.Author, c.CreatedAt, f.Tags, f.Engagements, f.Views, c.Co, c.Sources);
        }
        foreach (var trending in q.Trending.Where(t => !trendingExcluded.Contains(t.Id)))
        {
            items[trending.Id] = items.TryGetValue(trending.Id, out var also)
                ? also with { Sources = also.Sources | SourceSet.Trending }
                : trending.Sources == SourceSet.Trending ? trending : trending with { Sources = SourceSet.Trending };
        }
        return [.. items.Values];
    }

    /// <summary>At most the rows the sources can give (the statement's own rows; trending's excluded ones are few).</summary>
    private static int ExpectedRows(CandidateQuery q) =>
        q.CoEngaged.Count + Math.Min(FollowedAsked(q) * PerFollowed(q), PoolSizes.Serving.Followed) + q.Tags.Count * PoolSizes.Serving.PerTag + q.Exploration;

    /// <summary>The followed accounts the statement is given ($3), and how many of each one's newest items it takes ($10).</summary>
    private static int FollowedAsked(CandidateQuery q) => Math.Min(q.Followed.Count, MaxFollowed);

    private static int PerFollowed(CandidateQuery q) => PoolSizes.Serving.PerFollowedOf(FollowedAsked(q));
}
