using Npgsql;

namespace SocialFlow.ApiHost.Tests.Feeds;

[CollectionDefinition(Name)]
public sealed class FeedsCollection : ICollectionFixture<FeedsFixture>
{
    public const string Name = "feeds";
}

/// <summary>
/// The feeds profile: a push threshold of 3 followers (so a "large" account takes four seed rows) and no card
/// caching, so each read shows the items as they are.
/// </summary>
public sealed class FeedsFixture : ApiFixture
{
    public const int PushThreshold = 3;

    public NpgsqlDataSource Db => Database.DataSource;
    public TestGraph Graph { get; private set; } = null!;

    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Feeds:PushThreshold"] = PushThreshold.ToString(),
        ["SocialFlow:Feeds:CardTtl"] = "00:00:00",
        ["SocialFlow:Feeds:PulledItemsTtl"] = "00:00:00",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Graph = new TestGraph(Db, Grains);
    }
}
