using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Interfaces;

namespace SocialFlow.Grains.Infrastructure.Scheduling;

/// <summary>
/// On each silo, once the host has started: makes sure the reminder of the singleton <typeparamref name="TGrain"/>
/// exists, retrying while the cluster cannot answer yet (a reminder registered by any silo serves them all).
/// </summary>
public sealed class ReminderSchedule<TGrain>(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<ReminderSchedule<TGrain>> logger)
    : BackgroundService where TGrain : IScheduledGrain
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.WhenStartedAsync(stoppingToken);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<TGrain>(0).EnsureScheduledAsync();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 10)
            {
                logger.LogWarning("Could not schedule {Grain}'s reminder yet ({Error}); retrying", typeof(TGrain).Name, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5 * attempt), stoppingToken);
            }
        }
    }
}

public static class ReminderScheduleRegistration
{
    /// <summary>Schedules <typeparamref name="TGrain"/>'s reminder at every silo's start, unless <paramref name="when"/> says no.</summary>
    public static IServiceCollection AddReminderSchedule<TGrain>(this IServiceCollection services, Func<IServiceProvider, bool>? when = null)
        where TGrain : IScheduledGrain =>
        services.AddSingleton<IHostedService>(sp => when is null || when(sp)
            ? ActivatorUtilities.CreateInstance<ReminderSchedule<TGrain>>(sp)
            : new NothingToSchedule());

    private sealed class NothingToSchedule : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
