using System.Net;

namespace SocialFlow.ApiHost.Tests.Search;

/// <summary>Searches read through their own pool (SocialFlow:Search:MaxConnections): a burst waits for it, none fails.</summary>
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

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.GetAsync(
            i % 2 == 0 ? $"/api/v1/search?q=word{i}" : $"/api/v1/search/suggest?q=wo{i}")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        await using var count = database.DataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'search-reads'");
        var connections = (long)(await count.ExecuteScalarAsync())!;
        Assert.InRange(connections, 1, 2);
    }
}
