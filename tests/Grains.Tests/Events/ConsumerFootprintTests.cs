using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Metadata;
using Orleans.TestingHost;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Tests.Events;

/// <summary>
/// What a silo keeps per entity that published an event: one consumer activation and one stream entry in a pulling agent,
/// both let go after two idle minutes, and a consumer that reserves nothing before it has seen ids. With Orleans' defaults
/// (15 and 30 minutes) and a reserved de-duplication set, a silo taking 300 posts a second grew its heap by about 1 GB a
/// minute.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConsumerFootprintTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("postevents")]
    [InlineData("videoevents")]
    [InlineData("engagementevents")]
    public void EveryConsumerKind_IsCollectedAfterTwoIdleMinutes(string grainType)
    {
        var properties = Services.GetRequiredService<GrainPropertiesResolver>().GetGrainProperties(GrainType.Create(grainType));

        Assert.True(properties.Properties.TryGetValue(WellKnownGrainTypeProperties.IdleDeactivationPeriod, out var period), $"{grainType} has no age limit");
        Assert.Equal(Idle, TimeSpan.Parse(period));
    }

    [Fact]
    public void PullingAgents_ForgetAStreamAfterTwoIdleMinutes()
    {
        var agent = Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(EventStreams.Provider);

        Assert.Equal(Idle, agent.StreamInactivityPeriod);
    }

    [Fact]
    public void RecentIds_AllocateAsIdsCome_AndStillForgetTheOldestPastCapacity()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ids = new RecentIds(capacity: 1024);
        var reserved = GC.GetAllocatedBytesForCurrentThread() - before;
        var added = Enumerable.Range(0, 1025).Select(_ => Guid.NewGuid()).ToList();
        added.ForEach(ids.Add);

        Assert.True(reserved < 1024, $"an empty set took {reserved} bytes");
        Assert.False(ids.Contains(added[0]));
        Assert.True(ids.Contains(added[1]) && ids.Contains(added[^1]));
    }

    private IServiceProvider Services => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services;
}
