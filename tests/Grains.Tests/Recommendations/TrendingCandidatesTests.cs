using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Recommendations;
using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Grains.Tests.Infrastructure;

namespace SocialFlow.Grains.Tests.Recommendations;

/// <summary>Trending candidates come with their facts and are only checked against the viewer by the candidates'
/// statement, which answers with the ones to leave out. Real PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TrendingCandidatesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TrendingItems_LeaveOutTheViewersOwn_BlockedMutedAndNotInterestedAuthors_AndWhatTheyLikedBookmarkedGaveFeedbackOnOrViewed()
    {
        var db = fixture.Database;
        var (viewer, author, blocked, blocker, muted, dismissed) =
            (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.AccountsAsync(viewer, author, blocked, blocker, muted, dismissed);
        var kept = Trending(author);
        var (own, ofBlocked, ofBlocker, ofMuted, ofDismissed) = (Trending(viewer), Trending(blocked), Trending(blocker), Trending(muted), Trending(dismissed));
        var (liked, bookmarked, skipped, viewed) = (Trending(author), Trending(author), Trending(author), Trending(author));
        await db.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, now()), ($3, $1, now())", viewer, blocked, blocker);
        await db.ExecuteAsync("INSERT INTO mutes (muter_id, muted_id, created_at) VALUES ($1, $2, now())", viewer, muted);
        await db.ExecuteAsync("""
            INSERT INTO recommendation_feedback (user_id, item_id, author_id, signal, at)
            VALUES ($1, $2, $3, 'not_interested', now()), ($1, $4, $5, 'skipped', now())
            """, viewer, Guid.CreateVersion7(), dismissed, skipped.Id, author);
        await db.ExecuteAsync("INSERT INTO likes (content_id, user_id, created_at) VALUES ($1, $2, now())", liked.Id, viewer);
        await db.ExecuteAsync("INSERT INTO bookmarks (user_id, content_id, created_at) VALUES ($1, $2, now())", viewer, bookmarked.Id);
        await db.ExecuteAsync("INSERT INTO view_dedup (content_id, viewer_key, counted_at) VALUES ($1, $2, now())", viewed.Id, $"u:{viewer:N}");
        var options = Options.Create(new RecommendationOptions());
        var features = new CandidateFeaturesReadModel(db.DataSource, options, new FakeTimeProvider(), NullLogger<CandidateFeaturesReadModel>.Instance);
        var candidates = new RecommendationCandidatesReadModel(db.DataSource, features);

        var found = await candidates.CandidatesAsync(new CandidateQuery(
            viewer, [], [], [], [kept, own, ofBlocked, ofBlocker, ofMuted, ofDismissed, liked, bookmarked, skipped, viewed], 0));

        Assert.Equal(kept, Assert.Single(found));
    }

    private static CandidateFacts Trending(Guid author) =>
        new(Guid.CreateVersion7(), false, author, DateTimeOffset.UtcNow, ["cats"], 12, 300, 0, SourceSet.Trending);
}
