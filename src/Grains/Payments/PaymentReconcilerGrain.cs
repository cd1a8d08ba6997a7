using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Stripe;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// The reconciliation, from both sides. Ours: payments and subscriptions left without Stripe's answer (a crash between
/// the call and the write) are advanced by their own grains, which call Stripe again with the same idempotency keys, so
/// nothing is charged twice. Stripe's: succeeded payment intents and paid invoices of the last
/// <see cref="PaymentsOptions.ReconcileWindow"/> that our tables do not show as paid are applied by their grains,
/// which read them from Stripe. Everything goes through the grains that own the rows, so a run racing a webhook or a
/// buyer's retry is serialized with them; a second run finds nothing to do.
/// </summary>
public sealed class PaymentReconcilerGrain(
    NpgsqlDataSource db, PaymentStore payments, SubscriptionStore subscriptions, StripeGateway stripe, IOptions<PaymentsOptions> options, TimeProvider clock,
    ILogger<PaymentReconcilerGrain> logger) : Grain, IPaymentReconcilerGrain, IRemindable
{
    private const string Reminder = "reconcile";
    private const int Batch = 500;
    private const int MaxStripeObjects = 5000;
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(30);

    public async Task<ReconciliationReport> RunAsync(AuditActor? requestedBy)
    {
        var now = clock.GetUtcNow();
        var since = now - options.Value.ReconcileWindow;
        var ours = await payments.UnsettledAsync(now - Settling, Batch);
        var repaired = 0;
        foreach (var id in ours)
        {
            if (await GrainFactory.GetGrain<IPaymentGrain>(id).ReconcileAsync()) repaired++;
        }
        var intents = await stripe.SucceededIntentsSinceAsync(since, MaxStripeObjects);
        var behind = (await payments.NotSucceededAsync([.. intents.Select(i => i.PaymentId!.Value)])).ToHashSet();
        foreach (var intent in intents.Where(i => behind.Contains(i.PaymentId!.Value)))
        {
            if (await GrainFactory.GetGrain<IPaymentGrain>(intent.PaymentId!.Value).SyncAsync(intent.Id) is { Status: PaymentStatus.Succeeded }) repaired++;
        }
        var subscribers = (await subscriptions.SubscribersToReconcileAsync(now, now - Settling, Batch)).ToHashSet();
        var invoices = await stripe.PaidInvoicesSinceAsync(since, MaxStripeObjects);
        var unrecorded = await subscriptions.UnrecordedInvoicesAsync([.. invoices.Select(i => i.Invoice.Id)]);
        foreach (var (_, subscriber) in invoices.Where(i => unrecorded.Contains(i.Invoice.Id) && i.SubscriberId is not null)) subscribers.Add(subscriber!.Value);
        var changes = 0;
        foreach (var subscriber in subscribers) changes += await GrainFactory.GetGrain<ISubscriberGrain>(subscriber).ReconcileAsync();
        var report = new ReconciliationReport(ours.Count + intents.Count, repaired, subscribers.Count, changes, now);
        if (repaired + changes > 0) logger.LogWarning("Reconciliation repaired {Payments} payments and made {Changes} subscription changes", repaired, changes);
        if (requestedBy is { } by) await AuditLog.AppendAsync(db, new AuditEntry(by, AuditActions.PaymentsReconciled, "payments", "reconciliation", null, report));
        return report;
    }

    public Task EnsureScheduledAsync()
    {
        var every = options.Value.ReconcileEvery;
        return this.RegisterOrUpdateReminder(Reminder, every, every);
    }

    public async Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        try
        {
            await RunAsync(null);
        }
        catch (PaymentProviderUnavailableException)
        {
            logger.LogWarning("Reconciliation skipped: Stripe could not be reached; the next reminder tries again");
        }
    }
}
