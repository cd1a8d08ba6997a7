using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// One Stripe event (key: its id). Concurrent deliveries of the event queue on this one activation; the first applies it
/// and records it in stripe_events, the others (and later redeliveries, on any silo) find it done. Applying an event
/// about a payment intent does not trust the event's copy of it: the payment's grain reads the intent's current state
/// from Stripe, so events arriving late or out of order cannot move a payment backwards, and applying twice changes
/// nothing (a charge enters the ledger once). Other event types are acknowledged and ignored.
/// </summary>
public sealed class StripeEventGrain(PaymentStore store) : Grain, IStripeEventGrain
{
    private bool _done;

    public async Task<StripeEventOutcome> ApplyAsync(StripeEventNotice notice)
    {
        if (notice.Id != this.GetPrimaryKeyString()) throw new ArgumentException("An event's grain is named by its id.", nameof(notice));
        if (_done || await store.EventSeenAsync(notice.Id))
        {
            _done = true;
            return StripeEventOutcome.Duplicate;
        }
        var applies = notice.Type.StartsWith("payment_intent.", StringComparison.Ordinal) && notice.ObjectId is not null && notice.PaymentId is not null;
        if (applies) await GrainFactory.Ref<IPaymentGrain>(notice.PaymentId!.Value).SyncAsync(notice.ObjectId!);
        var first = await store.RecordEventAsync(notice.Id, notice.Type, applies);
        _done = true;
        return !first ? StripeEventOutcome.Duplicate : applies ? StripeEventOutcome.Applied : StripeEventOutcome.Ignored;
    }
}
