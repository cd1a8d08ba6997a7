using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// Refunds: recorded (pending) before Stripe is called with the key refund-{refund id}, then settled with the ledger's
/// proportional reversal (and an admin's audit row) in one commit. A refund left pending by a crash or an unavailable
/// Stripe is completed first by the next refund call on the payment, with the same key, so Stripe refunds it once.
/// </summary>
public sealed partial class PaymentGrain
{
    public async Task<RefundResult> RefundAsync(RefundOrder order)
    {
        if (await LoadAsync() is not { } row || (!order.AsAdmin && row.BuyerId != order.By.UserId)) return new(RefundOutcome.NotFound, null);
        if (await store.PendingRefundAsync(row.Id) is { } pending) row = await CompleteRefundAsync(row, pending);
        var refundable = row.Total - row.Refunded;
        if (row.Status != PaymentStatus.Succeeded || row.IntentId is null || refundable == 0) return new(RefundOutcome.NotRefundable, row.View());
        if (!order.AsAdmin)
        {
            var window = options.Value.BuyerRefundWindow;
            if (row.Kind != PaymentKind.VideoPurchase || row.Refunded > 0 || window == TimeSpan.Zero) return new(RefundOutcome.NotRefundable, row.View());
            if (row.SettledAt is not { } paid || clock.GetUtcNow() - paid > window) return new(RefundOutcome.WindowClosed, row.View());
            if (await store.WatchedAsync(row.Id)) return new(RefundOutcome.Watched, row.View());
        }
        var amount = order.AsAdmin ? order.Amount ?? refundable : refundable;
        if (amount > refundable) return new(RefundOutcome.AmountTooLarge, row.View(), refundable);
        var refund = new RefundRow(Guid.CreateVersion7(), row.Id, amount, order.Reason, order.By, order.AsAdmin);
        await store.InsertRefundAsync(refund, Now());
        row = await CompleteRefundAsync(row, refund);
        return new(RefundOutcome.Done, row.View(), row.Total - row.Refunded);
    }

    private async Task<PaymentRow> CompleteRefundAsync(PaymentRow row, RefundRow refund)
    {
        var stripeRefundId = await stripe.RefundAsync(refund.Id, row.IntentId!, refund.Amount, refund.Reason);
        await store.SettleRefundAsync(row, refund, stripeRefundId, Now());
        _row = row with { Refunded = row.Refunded + refund.Amount };
        if (row.Kind == PaymentKind.VideoPurchase) await GrainFactory.GetGrain<ISubscriberGrain>(row.BuyerId).PurchaseChangedAsync(row.TargetId);
        return _row;
    }
}
