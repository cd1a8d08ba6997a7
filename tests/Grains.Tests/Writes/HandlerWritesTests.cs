using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SocialFlow.Grains.Analysis;
using SocialFlow.Grains.Feeds;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Interfaces.Analysis;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Tests.Writes;

/// <summary>
/// The event handlers' group commits on a real database (content_scores, feed_entries): what was queued together is one
/// statement (its rows carry one transaction id), an item queued twice keeps its later row instead of failing the
/// statement, and the scores' check (a group read) reads what was written.
/// </summary>
public sealed class HandlerWritesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private SocialFlowMetrics _metrics = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync();
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new SocialFlowMetrics(_services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ScoresQueuedTogether_AreOneStatement_AnItemScoredTwiceKeepsItsLaterScores_AndTheCheckReadsThem()
    {
        var writer = new ContentScoreWriter(_database.DataSource, _metrics, NullLogger<ContentScoreWriter>.Instance);
        var (post, comment, never) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        byte[] before = [1, 1], after = [2, 2], commentHash = [3];
        var saved = new[]
        {
            writer.SaveAsync(new ScoredItem(ModerationTargetType.Post, post, Scores(0.1), before, false, false)),
            writer.SaveAsync(new ScoredItem(ModerationTargetType.Comment, comment, Scores(0.2), commentHash, false, false)),
            writer.SaveAsync(new ScoredItem(ModerationTargetType.Post, post, Scores(0.9), after, true, true)),
        };
        await writer.StartAsync(CancellationToken.None); // all three are queued: the first batch takes them
        await Task.WhenAll(saved).WaitAsync(TimeSpan.FromSeconds(30));
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM content_scores"));
        Assert.Equal(0.9, await _database.ScalarAsync<double>("SELECT toxicity FROM content_scores WHERE target_id = $1", post));
        var store = new ContentScoreStore(_database.DataSource, _database.DataSource);
        var checks = await Task.WhenAll(
            store.IsScoredAsync(ModerationTargetType.Post, post, after), store.IsScoredAsync(ModerationTargetType.Post, post, before),
            store.IsScoredAsync(ModerationTargetType.Comment, comment, commentHash), store.IsScoredAsync(ModerationTargetType.Post, comment, commentHash),
            store.IsScoredAsync(ModerationTargetType.Post, never, after));
        Assert.Equal([true, false, true, false, false], checks);
    }

    [Fact]
    public async Task ShortFanoutPagesQueuedTogether_AreOneStatement_ARowAskedTwiceIsInsertedOnce_ALargePageIsWrittenAlone()
    {
        var writer = new FeedEntryWriter(_database.DataSource, _metrics, NullLogger<FeedEntryWriter>.Instance);
        var (a, b, c, author) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var first = new FeedEntry(Guid.NewGuid(), FeedItemKind.Post, author, DateTimeOffset.UtcNow);
        var second = new FeedEntry(Guid.NewGuid(), FeedItemKind.Video, author, DateTimeOffset.UtcNow);
        var inserted = new[] { writer.InsertAsync([a, b], first), writer.InsertAsync([b, c], first), writer.InsertAsync([a], second) };
        // A large page is a batch already: written on its own, before the writer even runs.
        var audience = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();
        await writer.InsertAsync(audience, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(100L, await _database.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE author_id = $1", author));

        await writer.StartAsync(CancellationToken.None);
        await Task.WhenAll(inserted).WaitAsync(TimeSpan.FromSeconds(30));
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(104L, await _database.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE author_id = $1", author));
        Assert.Equal(3L, await _database.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE item_id = $1", first.ItemId));
        Assert.Equal(1L, await _database.ScalarAsync<long>(
            "SELECT count(DISTINCT xmin::text) FROM feed_entries WHERE author_id = $1 AND user_id = ANY ($2)", author, new[] { a, b, c }));
    }

    private static TextAnalysis Scores(double toxicity) => new("en", "neutral", 0.5, toxicity, 0.05, "test-models");
}
