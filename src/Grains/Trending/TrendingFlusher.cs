using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Trending;

/// <summary>
/// Sends this silo's partial counts (<see cref="TrendingTally"/>) to the window grains every
/// <see cref="TrendingOptions.FlushInterval"/>: one call per window and flush, whatever the number of likes and views,
/// so a hot item's engagement never funnels through one grain per event. A failed send is retried with the next flush
/// (bounded: past <see cref="MaxRetained"/> held items the oldest batch is dropped and logged; trends are an estimate).
/// </summary>
public sealed class TrendingFlusher(TrendingTally tally, IGrainFactory grains, IOptions<TrendingOptions> options, TimeProvider clock,
    ILogger<TrendingFlusher> logger) : BackgroundService
{
    public const int MaxRetained = 100_000;
    private readonly Dictionary<string, List<TrendingDelta>> _retained = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        try
        {
            await FlushAsync().WaitAsync(TimeSpan.FromSeconds(2)); // the last seconds of this silo's counts, if the cluster still answers
        }
        catch (TimeoutException)
        {
            logger.LogDebug("Trending: the last flush did not finish before shutdown");
        }
    }

    /// <summary>Sends what the tally holds now (and what failed before) to each window's grain.</summary>
    public async Task FlushAsync()
    {
        foreach (var (window, deltas) in tally.Take())
        {
            if (_retained.TryGetValue(window, out var held)) held.AddRange(deltas);
            else _retained[window] = deltas;
        }
        foreach (var (window, deltas) in _retained.ToList())
        {
            try
            {
                await grains.Ref<ITrendingWindowGrain>(window).AddAsync(deltas);
                _retained.Remove(window);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (deltas.Count > MaxRetained)
                {
                    logger.LogWarning("Trending: dropped {Count} partial counts for window {Window} after failed flushes ({Message})", deltas.Count, window, e.Message);
                    _retained.Remove(window);
                }
                else logger.LogDebug("Trending: flush to window {Window} failed ({Message}); retrying with the next flush", window, e.Message);
            }
        }
    }
}
