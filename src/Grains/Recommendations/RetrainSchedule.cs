using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Interfaces.Recommendations;

namespace SocialFlow.Grains.Recommendations;

/// <summary>On each silo, once the host has started: makes sure the retrain reminder exists (registering it again changes nothing).</summary>
public sealed class RetrainSchedule(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<RetrainSchedule> logger) : BackgroundService
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
                await grains.GetGrain<IRecommendationTrainerGrain>(0).EnsureScheduledAsync();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 10)
            {
                logger.LogWarning("Could not schedule the recommendation retraining yet ({Error}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5 * attempt), stoppingToken);
            }
        }
    }
}
