using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Tests.Infrastructure;

namespace SocialFlow.Grains.Tests.Recommendations;

/// <summary>A viewer's recent positives read their newest likes and view reports, each kind bounded: a person who
/// watches a lot costs a ranking no more rows than <see cref="ViewerSignalsReadModel.MaxViewReports"/> of each. Real
/// PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ViewerSignalsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task LongViews_CountFromTheNewestReports_AnOlderOneBeyondThemDoesNot_LikesAreNotCrowdedOut()
    {
        var db = fixture.Database;
        var (viewer, author) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.AccountsAsync(viewer, author);
        var (watchedLongAgo, watchedLately, endedLately, liked) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.ExecuteAsync("""
            INSERT INTO content (id, kind, owner_id, visibility, created_at)
            SELECT id, 'post', $2, 'public', now() - interval '3 days' FROM unnest($1::uuid[]) AS t (id)
            """, new[] { watchedLongAgo, watchedLately, endedLately, liked }, author);
        const string Report = """
            INSERT INTO analytics_events (id, actor_key, user_id, client_event_id, kind, item_id, owner_id, seconds, occurred_at, received_at)
            SELECT gen_random_uuid(), 'u:' || $1::text, $1, gen_random_uuid()::text, $2, $3, $4, $5, now() - $6::interval - i * interval '1 second', now()
            FROM generate_series(1, $7) AS i
            """;
        // Liked first, then one long view, then as many one-second reports of another item as a ranking reads, then a long ending.
        await db.ExecuteAsync(Report, viewer, "like", liked, author, DBNull.Value, "3 hours", 1);
        await db.ExecuteAsync(Report, viewer, "view_progress", watchedLongAgo, author, 100, "2 hours", 1);
        await db.ExecuteAsync(Report, viewer, "view_progress", watchedLately, author, 1, "1 minute", ViewerSignalsReadModel.MaxViewReports);
        await db.ExecuteAsync(Report, viewer, "view_end", endedLately, author, 30, "10 seconds", 1);

        var signals = await new ViewerSignalsReadModel(db.DataSource).ReadAsync(viewer, longViewSeconds: 20, recentCount: 50);

        Assert.Equal([endedLately, watchedLately, liked], signals.Recent);
        Assert.DoesNotContain(watchedLongAgo, signals.Recent);
    }
}
