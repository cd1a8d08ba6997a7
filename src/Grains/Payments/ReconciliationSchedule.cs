using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Stripe;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>On each silo, once the host has started: makes sure the reminders of the reconciliation and of the payouts
/// exist (registering them again changes nothing). Not while payments are off (no Stripe key).</summary>
public sealed class ReconciliationSchedule(IGrainFactory grains, IHostApplicationLifetime lifetime, IOptions<StripeOptions> stripe,
    ILogger<ReconciliationSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!stripe.Value.Enabled) return;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<IPaymentReconcilerGrain>(0).EnsureScheduledAsync();
                await grains.GetGrain<IPayoutSchedulerGrain>(0).EnsureScheduledAsync();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 10)
            {
                logger.LogWarning("Could not schedule the payments reconciliation yet ({Error}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5 * attempt), stoppingToken);
            }
        }
    }
}
