using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Grains.Tests.Infrastructure;
using static SocialFlow.Grains.Tests.Recommendations.CandidateReads;

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
        var kept = TrendingBy(author);
        var (own, ofBlocked, ofBlocker, ofMuted, ofDismissed) =
            (TrendingBy(viewer), TrendingBy(blocked), TrendingBy(blocker), TrendingBy(muted), TrendingBy(dismissed));
        var (liked, bookmarked, skipped, viewed) = (TrendingBy(author), TrendingBy(author), TrendingBy(author), TrendingBy(author));
        await db.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, now()), ($3, $1, now())", viewer, blocked, blocker);
        await db.ExecuteAsync("INSERT INTO mutes (muter_id, muted_id, created_at) VALUES ($1, $2, now())", viewer, muted);
        await db.ExecuteAsync("""
            INSERT INTO recommendation_feedback (user_id, item_id, author_id, signal, at)
            VALUES ($1, $2, $3, 'not_interested', now()), ($1, $4, $5, 'skipped', now())
            """, viewer, Guid.CreateVersion7(), dismissed, skipped.Id, author);
        await db.ExecuteAsync("INSERT INTO likes (content_id, user_id, created_at) VALUES ($1, $2, now())", liked.Id, viewer);
        await db.ExecuteAsync("INSERT INTO bookmarks (user_id, content_id, created_at) VALUES ($1, $2, now())", viewer, bookmarked.Id);
        await db.ExecuteAsync("INSERT INTO view_dedup (content_id, viewer_key, counted_at) VALUES ($1, $2, now())", viewed.Id, $"u:{viewer:N}");
        var candidates = CandidateReads.Over(db);

        var found = await candidates.CandidatesAsync(new CandidateQuery(
            viewer, [], [], [], [kept, own, ofBlocked, ofBlocker, ofMuted, ofDismissed, liked, bookmarked, skipped, viewed], 0));

        Assert.Equal(kept, Assert.Single(found));
    }
}
