using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Tests.Events;

/// <summary>A one-silo cluster with a 1 s lease, so unacknowledged events come back within the test.</summary>
public sealed class ShortLeaseClusterFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public Orleans.TestingHost.TestCluster Cluster { get; private set; } = null!;
    private readonly string _mail = Path.Combine(Path.GetTempPath(), "sf-gtest-mail-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateMigratedAsync();
        Cluster = await TestClusters.StartAsync(Database, _mail, settings: new Dictionary<string, string>
        {
            ["SocialFlow:Events:Lease"] = "00:00:01",
            ["SocialFlow:Events:PollInterval"] = "00:00:00.200",
        });
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await TestClusters.StopAsync(Cluster);
        if (Database is not null) await Database.DisposeAsync();
        if (Directory.Exists(_mail)) Directory.Delete(_mail, recursive: true);
    }
}

public sealed class EventRedeliveryTests(ShortLeaseClusterFixture fixture) : IClassFixture<ShortLeaseClusterFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Event_AckLost_IsPublishedAgainAfterItsLease_AndHandledOnce()
    {
        var key = Guid.NewGuid();
        await AppendAsync(key, new { lost_acks = 1 });

        await DeliveredAsync(key);

        var report = await fixture.Cluster.GrainFactory.Ref<IEventProbeGrain>(key).GetAsync();
        Assert.True(Assert.Single(report.Deliveries.Values) >= 2);
        Assert.Single(report.Handled);
        await PublishedAgainAsync(key);
    }

    [Fact]
    public async Task Event_HandlerFails_IsPublishedAgainAfterItsLease_AndThenHandled()
    {
        var key = Guid.NewGuid();
        await AppendAsync(key, new { failed_handlings = 1 });

        await DeliveredAsync(key);

        var report = await fixture.Cluster.GrainFactory.Ref<IEventProbeGrain>(key).GetAsync();
        Assert.Single(report.Handled);
        await PublishedAgainAsync(key);
    }

    // At least twice, not exactly: the second lease is 2 s, and on a loaded machine an acknowledgement can come after it
    // (CI once saw 3 attempts); what must hold is that the event came back after its lease and was handled once.
    private async Task PublishedAgainAsync(Guid key) =>
        Assert.True(await fixture.Database.ScalarAsync<int>("SELECT attempts FROM outbox_events WHERE stream_key = $1", key) >= 2);

    private async Task AppendAsync(Guid key, object payload)
    {
        await using var tx = await Tx.BeginAsync(fixture.Database.DataSource);
        await EventOutbox.AppendAsync(tx, EventProbeGrain.Namespace, key, Guid.NewGuid(), "probed", payload);
        await tx.CommitAsync();
    }

    private Task DeliveredAsync(Guid key) => Eventually.HoldsAsync(async () => await fixture.Database.ScalarAsync<DateTime?>(
        "SELECT delivered_at FROM outbox_events WHERE stream_key = $1", key) is not null, Within, "the event acknowledged");
}
