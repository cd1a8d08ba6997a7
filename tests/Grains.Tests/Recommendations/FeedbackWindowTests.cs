using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Grains.Tests.Infrastructure;
using static SocialFlow.Grains.Tests.Recommendations.CandidateReads;

namespace SocialFlow.Grains.Tests.Recommendations;

/// <summary>A ranking reads its viewer's newest <see cref="ViewerSignalsReadModel.MaxFeedback"/> feedback, not all of it:
/// an item skipped before those may be a candidate again, and only those skips count against an author. Real
/// PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FeedbackWindowTests(ClusterFixture fixture)
{
    [Fact]
    public async Task FeedbackBeyondTheNewest_NoLongerLeavesAnItemOut_NorCountsAgainstItsAuthor()
    {
        var db = fixture.Database;
        var (viewer, skippedLongAgo, skippedLately) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.AccountsAsync(viewer, skippedLongAgo, skippedLately);
        var (old, recent) = (TrendingBy(skippedLongAgo), TrendingBy(skippedLately));
        const string Skips = """
            INSERT INTO recommendation_feedback (user_id, item_id, author_id, signal, at)
            SELECT $1, CASE WHEN $4 = 1 THEN $2 ELSE gen_random_uuid() END, $3, 'skipped', now() - $5::interval - i * interval '1 second'
            FROM generate_series(1, $4) AS i
            """;
        await db.ExecuteAsync(Skips, viewer, old.Id, skippedLongAgo, 1, "1 day");
        await db.ExecuteAsync(Skips, viewer, Guid.Empty, Guid.CreateVersion7(), ViewerSignalsReadModel.MaxFeedback - 1, "1 hour");
        await db.ExecuteAsync(Skips, viewer, recent.Id, skippedLately, 1, "1 minute");

        var found = await CandidateReads.Over(db).CandidatesAsync(new CandidateQuery(viewer, [], [], [], [old, recent], 0));
        var signals = await new ViewerSignalsReadModel(db.DataSource).ReadAsync(viewer, longViewSeconds: 20, recentCount: 50);

        Assert.Equal(old, Assert.Single(found));
        Assert.Equal(1, signals.Profile.SkippedAuthors.GetValueOrDefault(skippedLately));
        Assert.False(signals.Profile.SkippedAuthors.ContainsKey(skippedLongAgo));
    }
}
