using System.Net;

namespace SocialFlow.ApiHost.Tests.Search;

/// <summary>Searches read through their own pool (SocialFlow:Search:MaxConnections): a burst waits for it, none fails;
/// and none runs past SocialFlow:Search:StatementTimeout.</summary>
public sealed class SearchReadPoolTests
{
    [Fact]
    public async Task ABurstOfSearches_AllAnswered_OnNoMoreConnectionsThanTheSearchPoolAllows()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new ApiFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["SocialFlow:Search:MaxConnections"] = "2",
        });
        var client = factory.CreateClient();

        var answers = await BurstAsync(client, 40);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        await using var count = database.DataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'search-reads'");
        var connections = (long)(await count.ExecuteScalarAsync())!;
        Assert.InRange(connections, 1, 2);
    }

    [Fact]
    public async Task ASearchPastItsTimeLimit_Is422SearchTooBroad_NeverA500()
    {
        await using var database = await TestDatabase.CreateAsync();
        // 1 ms: the first statements of a new PostgreSQL backend take far longer (catalogues, dictionaries).
        await using var factory = new ApiFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["SocialFlow:Search:StatementTimeout"] = "00:00:00.001",
        });
        var client = factory.CreateClient();

        var answers = await BurstAsync(client, 10);

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{(int)a.StatusCode}"));
        var refused = Assert.Single(answers.Where(a => a.StatusCode == HttpStatusCode.UnprocessableEntity).Take(1));
        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "search_too_broad");
    }

    /// <summary>Searches (a phrase each) and typeahead requests, alternately, all at once.</summary>
    private static Task<HttpResponseMessage[]> BurstAsync(HttpClient client, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => client.GetAsync(
            i % 2 == 0 ? $"/api/v1/search?q=%22word{i} other%22" : $"/api/v1/search/suggest?q=wo{i}")));
}
