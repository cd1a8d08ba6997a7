namespace SocialFlow.ApiHost.Tests.Search;

[CollectionDefinition(Name)]
public sealed class ElasticCollection : ICollectionFixture<ElasticFixture>
{
    public const string Name = "elastic";
}

/// <summary>
/// The Elasticsearch profile: <c>SocialFlow:Search:Provider=elasticsearch</c> against <see cref="ElasticStandIn"/>
/// (started first: the silo creates its index at start), its own index name, and a short event lease so that an event
/// whose indexing failed is seen delivered again within seconds.
/// </summary>
public sealed class ElasticFixture : ApiFixture
{
    public string Index { get; } = "sf-test-" + Guid.NewGuid().ToString("N")[..8];
    public ElasticStandIn StandIn { get; private set; } = null!;

    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Search:Provider"] = "elasticsearch",
        ["SocialFlow:Search:Elastic:Url"] = StandIn.BaseAddress,
        ["SocialFlow:Search:Elastic:Index"] = Index,
        ["SocialFlow:Search:Elastic:ApiKey"] = "c2YtdGVzdDpzZWNyZXQ=",
        ["SocialFlow:Events:PollInterval"] = "00:00:00.050",
        ["SocialFlow:Events:Lease"] = "00:00:01",
    };

    public override async Task InitializeAsync()
    {
        StandIn = await ElasticStandIn.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (StandIn is not null) await StandIn.DisposeAsync();
    }
}
