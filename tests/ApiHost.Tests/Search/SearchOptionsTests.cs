using Microsoft.Extensions.Options;

namespace SocialFlow.ApiHost.Tests.Search;

public sealed class SearchOptionsTests
{
    [Theory]
    [InlineData("Provider", "solr", "SocialFlow:Search:Provider")]
    [InlineData("Elastic:Url", "", "SocialFlow:Search:Elastic:Url")]
    [InlineData("Elastic:Url", "ftp://search.example", "SocialFlow:Search:Elastic:Url")]
    [InlineData("Elastic:Index", "Content Index", "SocialFlow:Search:Elastic:Index")]
    [InlineData("Elastic:Index", "_content", "SocialFlow:Search:Elastic:Index")]
    [InlineData("Elastic:MaxBatch", "0", "SocialFlow:Search:Elastic:MaxBatch")]
    [InlineData("MaxConnections", "0", "SocialFlow:Search:MaxConnections")]
    [InlineData("StatementTimeout", "00:00:00", "SocialFlow:Search:StatementTimeout")]
    public async Task Startup_ABadSearchSetting_FailsNamingTheKey_NeverPrintingTheApiKey(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SocialFlow:Search:Provider"] = "elasticsearch",
            ["SocialFlow:Search:Elastic:Url"] = "https://search.example:9200",
            ["SocialFlow:Search:Elastic:ApiKey"] = "do-not-print-me",
            [$"SocialFlow:Search:{key}"] = value,
        };
        await using var factory = new ApiFactory("Host=127.0.0.1;Port=1;Database=none", settings);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(named, error.Message);
        Assert.DoesNotContain("do-not-print-me", error.Message);
    }

    [Fact]
    public async Task Startup_AnElasticsearchThatCannotBeReached_StopsStartUp()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new ApiFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["SocialFlow:Search:Provider"] = "elasticsearch",
            ["SocialFlow:Search:Elastic:Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["SocialFlow:Search:Elastic:ApiKey"] = "do-not-print-me",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("Elasticsearch failed checking index socialflow-content", messages);
        Assert.DoesNotContain("do-not-print-me", messages);
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e;
    }
}
