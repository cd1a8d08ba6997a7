using Microsoft.Extensions.Options;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// Base of this host's relays from grains to its SignalR connections: one observer object per host, registered with
/// each watched grain and renewed every <see cref="ObserverLeaseOptions.Renewal"/>, well within the grains'
/// <see cref="ObserverLeaseOptions.Lease"/>, so a grain that was re-activated (or moved to another silo) learns of this
/// host again and a host that died drops out by itself.
/// </summary>
public abstract class GrainWatchRelay<TObserver>(IGrainFactory grains, IOptions<ObserverLeaseOptions> leases, ILogger logger) : BackgroundService
    where TObserver : class, IGrainObserver
{
    private readonly Lock _selfLock = new();
    private TObserver? _self;

    protected IGrainFactory Grains { get; } = grains;

    /// <summary>This host's observer reference, created once.</summary>
    protected TObserver Self
    {
        get
        {
            lock (_selfLock) return _self ??= Grains.CreateObjectReference<TObserver>((TObserver)(object)this);
        }
    }

    /// <summary>The grains some local connection watches now (a snapshot: the renewal awaits between items).</summary>
    protected abstract IEnumerable<Guid> Watched { get; }

    /// <summary>Registers (or renews) <see cref="Self"/> with the grain of <paramref name="key"/>.</summary>
    protected abstract Task WatchAsync(Guid key);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(leases.Value.Renewal);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var key in Watched)
            {
                try
                {
                    await WatchAsync(key);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("{Relay}: renewing the watch of {Key} failed: {Message}", GetType().Name, key, e.Message);
                }
            }
        }
    }
}
