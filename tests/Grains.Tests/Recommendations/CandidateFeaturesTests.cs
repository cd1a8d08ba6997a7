using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Recommendations;
using SocialFlow.Grains.Tests.Infrastructure;

namespace SocialFlow.Grains.Tests.Recommendations;

/// <summary>A ranking's features (tags, counts) are read once for many rankings: a silo ranks with what it read until
/// FeaturesCacheTime has passed, uses that copy once more and reads it again; an item without counters has none. Real
/// PostgreSQL.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CandidateFeaturesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Features_AreReadOnce_UntilTheCacheTimePasses_ThenReadAgain()
    {
        var db = fixture.Database;
        var (author, post, bare) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.ExecuteAsync("INSERT INTO accounts (id, email, username, password_hash) VALUES ($1, $2, $3, 'seeded')",
            author, $"{author:N}@example.com", "f" + author.ToString("N")[..20]);
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
}
