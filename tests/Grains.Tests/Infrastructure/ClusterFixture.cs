using Orleans.TestingHost;

namespace SocialFlow.Grains.Tests.Infrastructure;

/// <summary>
/// One migrated database and one two-silo cluster without a SendGrid key (mail goes to .eml files),
/// shared by the collection. Tests use fresh ids, so they never depend on each other's data.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public TestCluster Cluster { get; private set; } = null!;
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), "sf-gtest-mail-" + Guid.NewGuid().ToString("N"));
    public const int MaxSessions = 4;
    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateMigratedAsync();
        Cluster = await TestClusters.StartAsync(Database, MailDirectory, silos: 2, settings: new Dictionary<string, string>
        {
            // Production allows 50; 4 lets the session-limit test stay short. No other test opens more than 3 per user.
            ["SocialFlow:Accounts:MaxSessions"] = MaxSessions.ToString(),
            // Small claims, so the two silos' dispatchers contend for the same rows many times (EventDispatchTests).
            ["SocialFlow:Events:MaxBatch"] = "16",
            // Ads expire within a test, so that releasing an unused reservation can be seen, and pacing's ceiling (the
            // part of the day gone by) does not depend on the hour the test runs at (Ads/ReservationTests).
            ["SocialFlow:Ads:ServeLifetime"] = "00:00:02",
            ["SocialFlow:Ads:PacingLead"] = "1.00:00:00",
            // Each silo looks for a newer recommendation model this often, so a swap is seen within a test (Recommendations/ModelSwapTests).
            ["SocialFlow:Recommendations:ModelPoll"] = "00:00:00.200",
            // No transcoding worker: no test here transcodes through it (VideoTranscoderTests call the transcoder), and
            // the videos tests make ready (Ads/ReservationTests) have no media, so a worker would fail them first.
            ["SocialFlow:Videos:MaxConcurrentJobs"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await TestClusters.StopAsync(Cluster);
        if (Database is not null) await Database.DisposeAsync();
        if (Directory.Exists(MailDirectory)) Directory.Delete(MailDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "grain cluster";
}
