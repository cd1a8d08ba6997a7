using Orleans.TestingHost;

namespace SocialFlow.Grains.Tests.Infrastructure;

public static class TestClusters
{
    /// <summary>
    /// Starts in-process silos on <paramref name="database"/>. Grain state rows are keyed by service id, so a
    /// cluster restarted on the same database must reuse it to see its grains' state.
    /// </summary>
    public static async Task<TestCluster> StartAsync(
        TestDatabase database, string mailDirectory, short silos = 1, string? serviceId = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId ?? "sf-test-" + Guid.NewGuid().ToString("N")[..12];
        builder.Options.ConfigureFileLogging = false;
        builder.Properties["SocialFlow:Postgres:ConnectionString"] = database.ConnectionString;
        builder.Properties["SocialFlow:Redis:ConnectionString"] = TestDatabase.Redis;
        builder.Properties["SocialFlow:Postgres:PreparedWarmConnections"] = "2";
        builder.Properties["SocialFlow:Email:MailDirectory"] = mailDirectory;
        builder.Properties["SocialFlow:Email:PollInterval"] = "00:00:00.100";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.Properties[key] = value;
        builder.AddSiloBuilderConfigurator<SocialFlowSiloConfigurator>();
        var cluster = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await cluster.DeployAsync().WaitAsync(timeout.Token);
        return cluster;
    }

    public static async Task StopAsync(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await cluster.DisposeAsync();
    }
}
