using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// One Stripe event (key: its id). Concurrent deliveries of the event queue on this one activation; the first applies it
/// and records it in stripe_events, the others (and later redeliveries, on any silo) find it done. Applying an event
/// about a payment intent (or a subscription, or an invoice) does not trust the event's copy of it: the payment's grain reads the intent's current state
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
        var applies = await RouteAsync(notice);
        var first = await store.RecordEventAsync(notice.Id, notice.Type, applies);
        _done = true;
        return !first ? StripeEventOutcome.Duplicate : applies ? StripeEventOutcome.Applied : StripeEventOutcome.Ignored;
    }

    /// <summary>A payment intent's event to its payment; a subscription's or one of its invoices' to its subscriber.</summary>
    private async Task<bool> RouteAsync(StripeEventNotice notice)
    {
        if (notice.ObjectId is not { } objectId) return false;
        if (notice.Type.StartsWith("payment_intent.", StringComparison.Ordinal) && notice.PaymentId is { } payment)
        {
            await GrainFactory.Ref<IPaymentGrain>(payment).SyncAsync(objectId);
            return true;
        }
        if ((notice.Type.StartsWith("customer.subscription.", StringComparison.Ordinal) || notice.Type.StartsWith("invoice.", StringComparison.Ordinal))
            && notice.SubscriberId is { } subscriber)
        {
            await GrainFactory.Ref<ISubscriberGrain>(subscriber).SyncAsync(objectId, notice.InvoiceId);
            return true;
        }
        if (notice.Type == "account.updated" && notice.CreatorId is { } creator)
        {
            await GrainFactory.Ref<ICreatorPayoutGrain>(creator).SyncAccountAsync();
            return true;
        }
        return false;
    }
}
