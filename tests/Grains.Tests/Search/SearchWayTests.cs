using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Tests.Search;

/// <summary>
/// A search finds its newest matches through the GIN indexes when few documents match and by a bounded walk of the
/// recency index when many do, decided from PostgreSQL's statistics of the words; a phrase always through the indexes;
/// an author alone by a statement planned for its values (no bound), through the owner index.
/// </summary>
public sealed class SearchWayTests
{
    [Fact]
    public async Task CommonWord_Walks_RareWordAndPhrase_UseTheIndexes_AuthorAlone_IsUnbounded()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // 3,000 posts that all say "everywhere", five of them also "seldom"; then the statistics the estimate reads.
        await database.ExecuteAsync("""
            INSERT INTO search_documents (id, kind, owner_id, owner_username, body, tags, visibility, created_at, document)
            SELECT gen_random_uuid(), 'post', gen_random_uuid(), 'author' || i, body, '{}', 'public', now() - i * interval '1 minute',
                   search_document(NULL, 'author' || i, '{}', body)
            FROM generate_series(1, 3000) AS i, LATERAL (SELECT CASE WHEN i <= 5 THEN 'everywhere seldom' ELSE 'everywhere' END AS body) b
            """);
        await database.ExecuteAsync("ANALYZE search_documents");
        var search = new SearchResultsReadModel(database.DataSource, database.DataSource);

        async Task<string> StatementAsync(string text, params string[] authors)
        {
            await using var cmd = await search.CommandAsync(new SearchRequest(text, [], authors, SearchType.Post, SearchSort.Relevance), null, null, 20);
            return cmd.CommandText;
        }

        var common = await StatementAsync("everywhere");
        Assert.Contains("ts_match_vq(d.document", common);
        Assert.Contains("LIMIT 20000", common);
        foreach (var indexed in new[] { await StatementAsync("seldom"), await StatementAsync("\"everywhere seldom\"") })
        {
            Assert.Contains("d.document @@ (SELECT query FROM q)", indexed);
            Assert.DoesNotContain("ts_match_vq", indexed);
        }
        var authorAlone = await StatementAsync("", "author1");
        Assert.DoesNotContain("LIMIT 20000", authorAlone);
        Assert.DoesNotContain("d.document @@", authorAlone);
        // ... which reads the author's items by the owner index, not every item newest first until it meets them.
        await using var explain = await search.CommandAsync(new SearchRequest("", [], ["author1"], SearchType.Post, SearchSort.Relevance), null, null, 20);
        explain.CommandText = "EXPLAIN (COSTS OFF) " + explain.CommandText;
        var plan = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) plan.Add(r.GetString(0));
        }
        Assert.True(plan.Any(line => line.Contains("search_documents_owner", StringComparison.Ordinal)), string.Join("\n", plan));
    }
}
