using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Search;

namespace SocialFlow.Grains.Tests.Search;

/// <summary>
/// The PostgreSQL index writes many callers' documents as one batch: every tag counted once per findable post, an
/// item written twice in a batch kept as its last write, and an item that cannot be written failing alone.
/// </summary>
public sealed class SearchStoreTests
{
    private static readonly SocialFlowMetrics Metrics =
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), TimeProvider.System);

    private static SearchDocument Post(Guid id, string[] tags, bool hidden = false, string visibility = "public", string kind = "post") =>
        new(id, kind, Guid.NewGuid(), "author", null, "words of a post", tags, visibility, hidden, DateTimeOffset.UtcNow);

    [Fact]
    public async Task OneBatch_CountsEachFindablePostsTags_AndKeepsAnItemsLastWrite()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var store = new SearchStore(database.DataSource, database.DataSource, Metrics, NullLogger<SearchStore>.Instance);
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        // Written before the loop runs, so that all of it is one batch.
        var first = ids.Select((id, i) => store.UpsertAsync(Post(id, ["shared", $"t{i % 3}"], hidden: i % 10 == 0, visibility: i == 1 ? "private" : "public"))).ToList();
        await store.StartAsync(CancellationToken.None);
        try
        {
            await Task.WhenAll(first);
            Assert.Equal(35, await UsesAsync(database, "shared")); // 40, less four hidden and one private (i = 0, 10, 20, 30; 1)
            await store.StopAsync(CancellationToken.None);

            var again = new SearchStore(database.DataSource, database.DataSource, Metrics, NullLogger<SearchStore>.Instance);
            var second = new List<Task>
            {
                again.UpsertAsync(Post(ids[2], ["other"])),
                again.DeleteAsync(ids[3]),
                again.UpsertAsync(Post(ids[4], ["x"])),
                again.UpsertAsync(Post(ids[4], ["y"])),
                again.UpsertAsync(Post(ids[5], ["shared", "t2"], hidden: true)),
                again.UpsertAsync(Post(ids[10], ["shared", "t1"])), // was hidden: now counted
            };
            await again.StartAsync(CancellationToken.None);
            await Task.WhenAll(second);
            await again.StopAsync(CancellationToken.None);

            Assert.Equal(new[] { "y" }, await database.ScalarAsync<string[]>("SELECT tags FROM search_documents WHERE id = $1", ids[4]));
            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM search_documents WHERE id = $1", ids[3]));
            Assert.Equal(32, await UsesAsync(database, "shared")); // 35, less 2, 3, 4 and the hidden 5, plus 10
            Assert.Equal(1, await UsesAsync(database, "other"));
            Assert.Equal(0, await UsesAsync(database, "x"));
            Assert.Equal(1, await UsesAsync(database, "y"));
            // Every count is what the documents say.
            Assert.Equal(0L, await database.ScalarAsync<long>("""
                SELECT count(*) FROM (
                    SELECT t, count(*)::int AS uses FROM search_documents, unnest(tags) AS t WHERE visibility = 'public' AND NOT hidden GROUP BY t) d
                FULL JOIN (SELECT tag, uses FROM search_hashtags WHERE uses > 0) h ON h.tag = d.t
                WHERE h.uses IS DISTINCT FROM d.uses
                """));
        }
        finally
        {
            await store.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AnItemThatCannotBeWritten_FailsAlone_TheRestOfItsBatchIsWritten()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var store = new SearchStore(database.DataSource, database.DataSource, Metrics, NullLogger<SearchStore>.Instance);
        var good = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        var writes = good.Select(id => store.UpsertAsync(Post(id, ["fine"]))).ToList();
        var bad = store.UpsertAsync(Post(Guid.NewGuid(), ["fine"], kind: "nonsense")); // refused by the kind's check
        await store.StartAsync(CancellationToken.None);
        try
        {
            await Task.WhenAll(writes);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => bad);
            Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
            Assert.Equal(10L, await database.ScalarAsync<long>("SELECT count(*) FROM search_documents WHERE id = ANY($1)", good));
            Assert.Equal(10, await UsesAsync(database, "fine"));
        }
        finally
        {
            await store.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Documents_GoIntoTheTextAndTagIndexesAsWritten_NotIntoAPendingList()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var store = new SearchStore(database.DataSource, database.DataSource, Metrics, NullLogger<SearchStore>.Instance);
        var writes = Enumerable.Range(0, 300).Select(i => store.UpsertAsync(Post(Guid.NewGuid(), [$"tag{i}"]))).ToList();
        await store.StartAsync(CancellationToken.None);
        try
        {
            await Task.WhenAll(writes);
            // A pending list's merge runs inside the insert that overflows it: the index lag's worst seconds.
            Assert.Equal(0, await database.ScalarAsync<long>("SELECT gin_clean_pending_list('search_documents_text')"));
            Assert.Equal(0, await database.ScalarAsync<long>("SELECT gin_clean_pending_list('search_documents_tags')"));
            Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM search_documents WHERE tags && ARRAY['tag0', 'tag299']"));
        }
        finally
        {
            await store.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<int> UsesAsync(TestDatabase database, string tag) =>
        await database.ScalarAsync<int?>("SELECT uses FROM search_hashtags WHERE tag = $1", tag) ?? 0;
}
