using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Recommendations;
using SocialFlow.Grains.Tests.Infrastructure;

namespace SocialFlow.Grains.Tests.Recommendations;

/// <summary>A ranking's features (tags, counts) are read once for many rankings: a silo ranks with what it read until
/// FeaturesCacheTime has passed, uses that copy once more and reads it again; an item without counters has none; the
/// co-engaged items' features are read in the candidates' statement's batch. Real PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CandidateFeaturesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Features_AreReadOnce_UntilTheCacheTimePasses_ThenReadAgain()
    {
        var db = fixture.Database;
        var (author, post, bare) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.AccountsAsync(author);
        await db.ExecuteAsync("INSERT INTO posts (id, author_id, text, visibility, created_at) VALUES ($1, $2, '#cats #dogs', 'public', now())", post, author);
        await db.ExecuteAsync("INSERT INTO post_tags (tag, post_id) VALUES ('cats', $1), ('dogs', $1)", post);
        await db.ExecuteAsync("INSERT INTO content_counters (content_id, likes, bookmarks, comments, views) VALUES ($1, 3, 2, 1, 40)", post);
        var clock = new FakeTimeProvider();
        var options = Options.Create(new RecommendationOptions { FeaturesCacheTime = TimeSpan.FromMinutes(1) });
        var features = new CandidateFeaturesReadModel(db.DataSource, options, clock, NullLogger<CandidateFeaturesReadModel>.Instance);

        var first = await features.ReadAsync([post, bare]);
        await db.ExecuteAsync("UPDATE content_counters SET likes = 100, views = 900 WHERE content_id = $1", post);
        await db.ExecuteAsync("DELETE FROM post_tags WHERE post_id = $1 AND tag = 'dogs'", post);
        clock.Advance(TimeSpan.FromSeconds(59));
        var cached = await features.ReadAsync([post]);
        clock.Advance(TimeSpan.FromSeconds(2));
        var expired = await features.ReadAsync([post]); // used once more, read again after

        Assert.Equal((6L, 40L), (first[post].Engagements, first[post].Views));
        Assert.Equal(["cats", "dogs"], first[post].Tags.Order());
        Assert.Equal((0L, 0L, 0), (first[bare].Engagements, first[bare].Views, first[bare].Tags.Length));
        Assert.Same(first[post], cached[post]);
        Assert.Same(first[post], expired[post]);
        ItemFeatures? later = null;
        await Eventually.HoldsAsync(async () => (later = (await features.ReadAsync([post]))[post]).Views == 900, TimeSpan.FromSeconds(10),
            "the expired copy is read again");
        Assert.Equal((103L, 900L), (later!.Engagements, later.Views));
        Assert.Equal(["cats"], later.Tags);
    }

    [Fact]
    public async Task CoEngagedItemsFeatures_AreReadInTheCandidatesBatch_EvenForAnItemTheStatementLeavesOut()
    {
        var db = fixture.Database;
        var (viewer, author, shown, own) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.AccountsAsync(viewer, author);
        foreach (var (post, owner) in new[] { (shown, author), (own, viewer) })
        {
            await db.ExecuteAsync("INSERT INTO content (id, kind, owner_id, visibility, created_at) VALUES ($1, 'post', $2, 'public', now())", post, owner);
            await db.ExecuteAsync("INSERT INTO posts (id, author_id, text, visibility, created_at) VALUES ($1, $2, '#birds', 'public', now())", post, owner);
            await db.ExecuteAsync("INSERT INTO content_counters (content_id, likes, bookmarks, comments, views) VALUES ($1, 4, 0, 1, 70)", post);
            await db.ExecuteAsync("INSERT INTO post_tags (tag, post_id) VALUES ('birds', $1)", post);
        }
        var options = Options.Create(new RecommendationOptions { FeaturesCacheTime = TimeSpan.FromMinutes(1) });
        var features = new CandidateFeaturesReadModel(db.DataSource, options, new FakeTimeProvider(), NullLogger<CandidateFeaturesReadModel>.Instance);
        var candidates = new RecommendationCandidatesReadModel(db.DataSource, features);
        Assert.NotNull(features.ReadAlong([shown, own]));

        var found = await candidates.CandidatesAsync(new CandidateQuery(viewer, [(shown, 0.5), (own, 0.4)], [], [], [], 0));

        var item = Assert.Single(found); // the viewer's own item is left out by the statement
        Assert.Equal((shown, 5L, 70L, 0.5), (item.Id, item.Engagements, item.Views, item.CoEngagement));
        Assert.Equal(["birds"], item.Tags);
        Assert.Null(features.ReadAlong([shown, own])); // both read along, though only one was a candidate
    }
}
