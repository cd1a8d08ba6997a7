using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Payments;

/// <summary>The payouts run (key 0): on a reminder every <see cref="PaymentsOptions.PayoutEvery"/> and on an admin's
/// demand (audited), every creator whose payouts Stripe enabled and no admin holds is paid what is available.</summary>
public sealed class PayoutSchedulerGrain(NpgsqlDataSource db, PayoutStore store, IOptions<PaymentsOptions> options, ILogger<PayoutSchedulerGrain> logger)
    : Grain, IPayoutSchedulerGrain, IRemindable
{
    private const string Reminder = "payouts";
    private const int Batch = 1000;

    public async Task<int> RunAsync(AuditActor? requestedBy)
    {
        var made = 0;
        foreach (var creator in await store.PayableCreatorsAsync(Batch))
        {
            try
            {
                made += (await GrainFactory.GetGrain<ICreatorPayoutGrain>(creator).PayOutAsync()).Count;
            }
            catch (PaymentProviderUnavailableException)
            {
                logger.LogWarning("A payout could not reach Stripe; it stays pending and the next run completes it");
            }
        }
        if (requestedBy is { } by) await AuditLog.AppendAsync(db, new AuditEntry(by, AuditActions.PayoutsRun, "payouts", "run", null, new { made }));
        return made;
    }

    public Task EnsureScheduledAsync() => this.RegisterOrUpdateReminder(Reminder, options.Value.PayoutEvery, options.Value.PayoutEvery);

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => RunAsync(null);
}
