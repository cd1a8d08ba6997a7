using Microsoft.Extensions.Hosting;

namespace SocialFlow.Grains.Infrastructure.Scheduling;

public static class HostStart
{
    /// <summary>Completes once the host has started, i.e. after every hosted service's start (the migrations' among
    /// them); throws <see cref="OperationCanceledException"/> when <paramref name="ct"/> ends first.</summary>
    public static async Task WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(ct);
        }
    }
}
