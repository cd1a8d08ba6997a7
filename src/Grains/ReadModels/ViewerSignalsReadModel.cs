using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Recommendations.Ranking;

namespace SocialFlow.Grains.ReadModels;

/// <summary>A viewer's recent positives (newest first, with author and tags), their ranking profile, and the interests they
/// picked and removed.</summary>
public sealed record ViewerSignals(IReadOnlyList<Guid> Recent, ViewerProfile Profile, IReadOnlyList<string> Picked, IReadOnlyList<string> Removed);

/// <summary>
/// What a viewer did lately, for their recommendations: positives — bookmarks (Engagement: bookmarks), comments
/// (Comments: comments), likes and long views (Analytics: analytics_events, the likes' server facts and view reports
/// with seconds, newest first by its user-and-kind index; views from the newest <see cref="MaxViewReports"/> reports of
/// each kind), "see more" and long "watched" feedback (Recommendations: recommendation_feedback, the newest
/// <see cref="MaxFeedback"/>) — with each item's author and tags (Engagement: content; Posts: post_tags); the accounts
/// they follow (Social: follows); their skips and "see more" by author (the same newest feedback); the interests they
/// picked and removed (Interests: user_interests, which its grain writes before it answers, so a ranking reads no grain
/// for them). Why a join: the profile is one
/// picture of all of it. Why it is safe: read only, one viewer, each part capped and served by an index.
/// </summary>
public sealed class ViewerSignalsReadModel([FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared)
{
    public const int MaxPositives = 200;

    /// <summary>Of each kind of view report (progress, end), the newest this many: hours of watching.</summary>
    public const int MaxViewReports = 1_000;

    /// <summary>Of the viewer's feedback, the newest this many (months of scrolling): what the profile and the
    /// candidates' "gave feedback on" read.</summary>
    public const int MaxFeedback = 2_000;

    /// <summary>The viewer's newest feedback ($1; recommendation_feedback_newest).</summary>
    public static readonly string NewestFeedback =
        $"SELECT item_id, author_id, signal, seconds, at FROM recommendation_feedback WHERE user_id = $1 ORDER BY at DESC LIMIT {MaxFeedback}";

    private static readonly string Positives = $"""
        SELECT x.item, c.owner_id, ARRAY(SELECT pt.tag FROM post_tags pt WHERE pt.post_id = x.item), max(x.at) AS at
        FROM ((SELECT content_id AS item, created_at AS at FROM bookmarks WHERE user_id = $1 ORDER BY created_at DESC LIMIT {MaxPositives})
              UNION ALL (SELECT item_id, created_at FROM comments WHERE author_id = $1 AND deleted_at IS NULL ORDER BY id DESC LIMIT {MaxPositives})
              UNION ALL (SELECT item_id, occurred_at FROM analytics_events
                         WHERE user_id = $1 AND kind = 'like' AND item_id IS NOT NULL ORDER BY occurred_at DESC LIMIT {MaxPositives})
              UNION ALL (SELECT item_id, max(at) FROM ({ViewReports("view_progress")} UNION ALL {ViewReports("view_end")}) v
                         GROUP BY item_id HAVING sum(seconds) >= $2 ORDER BY 2 DESC LIMIT {MaxPositives})
              UNION ALL (SELECT item_id, at FROM ({NewestFeedback}) f
                         WHERE signal = 'see_more' OR (signal = 'watched' AND seconds >= $2) ORDER BY at DESC LIMIT {MaxPositives})
             ) x
        JOIN content c ON c.id = x.item AND c.deleted_at IS NULL
        GROUP BY x.item, c.owner_id
        ORDER BY at DESC LIMIT {MaxPositives}
        """;

    /// <summary>The viewer's newest reports of one kind of view (analytics_events_user_kind): a long view is one whose
    /// seconds among these add up, so a ranking reads at most this many rows of a person who watches a lot.</summary>
    private static string ViewReports(string kind) => $"""
        (SELECT item_id, occurred_at AS at, seconds FROM analytics_events
         WHERE user_id = $1 AND kind = '{kind}' AND item_id IS NOT NULL ORDER BY occurred_at DESC LIMIT {MaxViewReports})
        """;

    private const string Followed = "SELECT followee_id FROM follows WHERE follower_id = $1 LIMIT 1000";

    private static readonly string Feedback = $"""
        SELECT author_id, signal, count(*)::int FROM ({NewestFeedback}) f WHERE signal IN ('see_more', 'skipped')
        GROUP BY author_id, signal
        """;

    private const string Interests = "SELECT interest, source FROM user_interests WHERE user_id = $1 AND source IN ('picked', 'removed')";

    public async Task<ViewerSignals> ReadAsync(Guid viewer, int longViewSeconds, int recentCount)
    {
        // Prepared: every ranking and every interests refresh runs it.
        await using var connection = await prepared.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Positives) { Parameters = { new() { Value = viewer }, new() { Value = longViewSeconds } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Followed) { Parameters = { new() { Value = viewer } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Feedback) { Parameters = { new() { Value = viewer } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Interests) { Parameters = { new() { Value = viewer } } });
        await batch.PrepareAsync();
        await using var r = await batch.ExecuteReaderAsync();
        var profile = new ViewerProfile();
        var recent = new List<Guid>();
        while (await r.ReadAsync())
        {
            var author = r.GetGuid(1);
            if (recent.Count < recentCount) recent.Add(r.GetGuid(0));
            profile.AuthorAffinity[author] = profile.AuthorAffinity.GetValueOrDefault(author) + 1;
            foreach (var tag in r.GetFieldValue<string[]>(2)) profile.TagWeights[tag] = profile.TagWeights.GetValueOrDefault(tag) + 1;
        }
        await r.NextResultAsync();
        while (await r.ReadAsync()) profile.Followed.Add(r.GetGuid(0));
        await r.NextResultAsync();
        while (await r.ReadAsync())
        {
            if (r.GetString(1) == "see_more") profile.SeeMoreAuthors.Add(r.GetGuid(0));
            else profile.SkippedAuthors[r.GetGuid(0)] = r.GetInt32(2);
        }
        await r.NextResultAsync();
        var (picked, removed) = (new List<string>(), new List<string>());
        while (await r.ReadAsync()) (r.GetString(1) == "picked" ? picked : removed).Add(r.GetString(0));
        return new ViewerSignals(recent, profile, picked, removed);
    }
}
