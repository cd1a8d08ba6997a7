using Orleans.Concurrency;

namespace SocialFlow.Grains.Interfaces.Engagement;

/// <summary>
/// The hot read path and live counters of the same activation as <see cref="IContentGrain"/> (the grain class
/// implements both): one call per hot GET, and the observers that API hosts register to relay counter changes to
/// their SignalR clients.
/// </summary>
public interface IContentLiveGrain : IGrainWithGuidKey
{
    /// <summary>The exact counts, or null when the item does not exist or <paramref name="viewerId"/> may not see it.</summary>
    Task<ContentCounts?> GetCountsForAsync(Guid? viewerId);

    /// <summary>
    /// Registers (or renews) an observer that receives the counts after they change, at most a few times a second.
    /// A registration lapses after about a minute unless renewed, so a vanished API host costs nothing for long.
    /// </summary>
    Task WatchAsync(ICountersObserver observer);

    Task UnwatchAsync(ICountersObserver observer);
}

/// <summary>An API host's relay of counter changes to the SignalR connections watching an item.</summary>
public interface ICountersObserver : IGrainObserver
{
    [OneWay]
    Task CountersChanged(Guid contentId, ContentCounts counts);

    /// <summary>The item stopped being visible to some who could see it (removed, held, deleted, made more private):
    /// every watch of it ends; a viewer who may still see it watches again.</summary>
    [OneWay]
    Task WatchEnded(Guid contentId);
}
