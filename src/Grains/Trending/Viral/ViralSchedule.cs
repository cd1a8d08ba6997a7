using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.Grains.Trending.Viral;

/// <summary>On each silo, once the host has started: makes sure the viral scoring's reminder exists (as <c>RetrainSchedule</c> does for training).</summary>
public sealed class ViralSchedule(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<ViralSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<IViralGrain>(0).EnsureScheduledAsync();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 10)
            {
                logger.LogWarning("Could not schedule the viral scoring yet ({Error}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5 * attempt), stoppingToken);
            }
        }
    }
}
