using SocialFlow.Grains.Social;

namespace SocialFlow.Grains.Tests.Social;

/// <summary>
/// The fan-out's follower pages: first pages asked together (a group read across authors) are each author's own newest
/// followers, cut to the page each caller asked for, and the cursor of a full page leads on to the rest.
/// </summary>
public sealed class FollowerPagesTests
{
    [Fact]
    public async Task FirstPagesAskedTogether_AreEachAuthorsOwn_AndAFullPageLeadsOn()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var (busy, few, none) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var followers = Enumerable.Range(0, 7).Select(_ => Guid.NewGuid()).ToArray();
        await database.AccountsAsync([busy, few, none, .. followers]);
        // busy: all seven, followers[6] newest; few: the first two.
        await database.ExecuteAsync("""
            INSERT INTO follows (follower_id, followee_id, created_at)
            SELECT f, $2, now() - (7 - i) * interval '1 minute' FROM unnest($1::uuid[]) WITH ORDINALITY AS t (f, i)
            UNION ALL
            SELECT f, $3, now() - (7 - i) * interval '1 minute' FROM unnest($1::uuid[]) WITH ORDINALITY AS t (f, i) WHERE i <= 2
            """, followers, busy, few);
        var store = new GraphStore(database.DataSource, database.DataSource);

        var pages = await Task.WhenAll(
            store.FollowerIdsPageAsync(busy, null, 3), store.FollowerIdsPageAsync(few, null, 3),
            store.FollowerIdsPageAsync(none, null, 3), store.FollowerIdsPageAsync(busy, null, 5));

        Assert.Equal([followers[6], followers[5], followers[4]], pages[0].Ids);
        Assert.NotNull(pages[0].Next);
        Assert.Equal([followers[1], followers[0]], pages[1].Ids);
        Assert.Null(pages[1].Next);
        Assert.Empty(pages[2].Ids);
        Assert.Null(pages[2].Next);
        Assert.Equal([followers[6], followers[5], followers[4], followers[3], followers[2]], pages[3].Ids);
        var rest = await store.FollowerIdsPageAsync(busy, pages[0].Next, 3);
        Assert.Equal([followers[3], followers[2], followers[1]], rest.Ids);
        var last = await store.FollowerIdsPageAsync(busy, rest.Next, 3);
        Assert.Equal([followers[0]], last.Ids);
        Assert.Null(last.Next);
    }
}
