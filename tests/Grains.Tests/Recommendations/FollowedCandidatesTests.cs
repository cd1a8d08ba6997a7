using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Recommendations.Ranking;
using SocialFlow.Grains.Tests.Infrastructure;

namespace SocialFlow.Grains.Tests.Recommendations;

/// <summary>Followed accounts give a ranking the newest of each one's newest few items, at most
/// <see cref="PoolSizes.Followed"/> however many accounts the viewer follows. Real PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FollowedCandidatesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ManyFollowedAccounts_GiveTheNewestOfEachOnesNewestItems_NoMoreThanTheBudget()
    {
        var db = fixture.Database;
        var sizes = PoolSizes.Serving;
        var viewer = Guid.CreateVersion7();
        var followed = Enumerable.Range(0, 2 * sizes.Followed / sizes.PerFollowed + 3).Select(_ => Guid.CreateVersion7()).ToArray();
        await db.AccountsAsync([viewer, .. followed]);
        // The first account's items the newest of all; then everyone's a minute apart, the accounts' interleaved.
        var items = followed.SelectMany((author, a) => Enumerable.Range(0, sizes.PerFollowed)
            .Select(k => (Id: Guid.CreateVersion7(), Author: author, MinutesAgo: a == 0 ? k : sizes.PerFollowed + k * followed.Length + a))).ToList();
        await db.ExecuteAsync("""
            INSERT INTO content (id, kind, owner_id, visibility, created_at)
            SELECT id, 'post', author, 'public', now() - minutes * interval '1 minute' FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS t (id, author, minutes)
            """, items.Select(i => i.Id).ToArray(), items.Select(i => i.Author).ToArray(), items.Select(i => i.MinutesAgo).ToArray());
        var candidates = CandidateReads.Over(db);

        var found = await candidates.CandidatesAsync(new CandidateQuery(viewer, [], followed, [], [], 0));

        var perAccount = sizes.PerFollowedOf(followed.Length);
        Assert.InRange(perAccount, 2, sizes.PerFollowed - 1);
        var newest = items.GroupBy(i => i.Author).SelectMany(g => g.OrderBy(i => i.MinutesAgo).Take(perAccount))
            .OrderBy(i => i.MinutesAgo).Take(sizes.Followed).Select(i => i.Id).ToHashSet();
        Assert.Equal(sizes.Followed, found.Count);
        Assert.All(found, c => Assert.Contains(c.Id, newest));
        Assert.Equal(perAccount, found.Count(c => items.First(i => i.Id == c.Id).Author == followed[0]));
        Assert.All(found, c => Assert.Equal(SourceSet.Followed, c.Sources));
    }
}
