using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Feeds;

/// <summary>
/// One host whose push threshold is 3 followers (so a "large" account takes four seed rows) and whose cards are not
/// cached, so each read shows the items as they are.
/// </summary>
public sealed class FeedsFixture : IAsyncLifetime
{
    public const int PushThreshold = 3;

    public TestDatabase Database { get; private set; } = null!;
    public ApiFactory Factory { get; private set; } = null!;
    public NpgsqlDataSource Db { get; private set; } = null!;
    public TestGraph Graph { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Factory = new ApiFactory(Database.ConnectionString, new Dictionary<string, string?>
        {
            ["SocialFlow:Feeds:PushThreshold"] = PushThreshold.ToString(),
            ["SocialFlow:Feeds:CardTtl"] = "00:00:00",
            ["SocialFlow:Feeds:PulledItemsTtl"] = "00:00:00",
        });
        using var client = Factory.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        Db = NpgsqlDataSource.Create(Database.ConnectionString);
        Graph = new TestGraph(Db, Factory.Services.GetRequiredService<IGrainFactory>());
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task DisposeAsync()
    {
        await Db.DisposeAsync();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
