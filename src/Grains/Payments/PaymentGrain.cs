using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Stripe;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// One payment (key: <see cref="PaymentIds.For"/>), the single writer of its payments row, its refunds and its ledger
/// transactions. Order of a payment: price it (server-side), record it pending, charge through Stripe with the key
/// payment-{id}, then apply the intent's state (paid: the charge enters the ledger in the same commit). A crash anywhere
/// leaves a pending row: the buyer's retry with the same Idempotency-Key, or a webhook, resumes it without a second charge.
/// A tip with a chat message has the stream's room keep the message before the charge; the paid event posts it (LiveChatPaymentsHandler).
/// Not reentrant: retries of one key, the webhook's sync and refunds run one at a time.
/// </summary>
public sealed partial class PaymentGrain(PaymentStore store, StripeGateway stripe, IOptions<PaymentsOptions> options, TimeProvider clock)
    : Grain, IPaymentGrain
{
    private PaymentRow? _row;
    private bool _loaded;
    private string? _clientSecret;

    public async Task<PaymentResult> PayAsync(PaymentOrder order)
    {
        if (PaymentIds.For(order.BuyerId, order.IdempotencyKey) != this.GetPrimaryKey())
        {
            throw new ArgumentException("A payment's grain is named by its buyer and idempotency key.", nameof(order));
        }
        if (await LoadAsync() is { } existing)
        {
            if (existing.Fingerprint != order.Fingerprint) return new(PaymentOutcome.KeyReused, null);
            var current = existing.Status is PaymentStatus.Pending or PaymentStatus.RequiresAction ? await AdvanceAsync(existing) : existing;
            return new(PaymentOutcome.Done, current.View(_clientSecret));
        }
        var (outcome, recipient, amount, problem) = await QuoteAsync(order);
        if (outcome != PaymentOutcome.Done) return new(outcome, null, problem);
        if (order.StreamId is { } stream
            && await GrainFactory.Ref<ILiveRoomGrain>(stream).PrepareTipAsync(this.GetPrimaryKey(), order.BuyerId, recipient, order.Message) is { } refused)
        {
            return new(PaymentOutcome.ChatRefused, null, refused.Reason, refused);
        }
        var (found, country) = await stripe.PaymentMethodAsync(order.PaymentMethodId);
        if (!found) return new(PaymentOutcome.InvalidPaymentMethod, null);
        var o = options.Value;
        var rate = o.TaxRateOf(country);
        var now = Now();
        var row = new PaymentRow(this.GetPrimaryKey(), order.BuyerId, order.IdempotencyKey, order.Fingerprint, order.Kind, order.TargetId, recipient,
            order.PaymentMethodId, order.Currency, amount, Ledger.Part(amount, rate), Ledger.Part(amount, o.PlatformFeeRate), country, rate,
            PaymentStatus.Pending, 0, null, null, now, null);
        if (!await store.InsertAsync(row, now)) return new(PaymentOutcome.AlreadyPurchased, null);
        _row = row;
        return new(PaymentOutcome.Done, (await AdvanceAsync(row)).View(_clientSecret));
    }

    public async Task<PaymentView?> GetAsync(Guid viewerId, bool asAdmin) =>
        await LoadAsync() is { } row && (row.BuyerId == viewerId || asAdmin) ? row.View(_clientSecret) : null;

    public async Task<bool> ReconcileAsync()
    {
        if (await LoadAsync() is not { } row) return false;
        var before = row;
        if (await store.PendingRefundAsync(row.Id) is { } pending) row = await CompleteRefundAsync(row, pending);
        if (row.Status is PaymentStatus.Pending or PaymentStatus.RequiresAction)
        {
            if (row.IntentId is null && clock.GetUtcNow() - row.CreatedAt > Abandoned)
            {
                await store.UpdateStatusAsync(row.Id, PaymentStatus.Failed, null, "abandoned", Now());
                row = row with { Status = PaymentStatus.Failed, FailureCode = "abandoned" };
                _row = row;
            }
            else
            {
                row = await AdvanceAsync(row);
            }
        }
        return row != before;
    }

    public Task WatchedAsync() => store.MarkWatchedAsync(this.GetPrimaryKey(), Now());

    /// <summary>A payment that never reached Stripe is not charged after this long (Stripe keeps idempotency keys a day).</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromHours(23);

    public async Task<PaymentView?> SyncAsync(string intentId)
    {
        if (await LoadAsync() is not { } row) return null;
        if (row.IntentId is { } known && known != intentId) return row.View(_clientSecret);
        var intent = await stripe.GetIntentAsync(intentId);
        if (intent.PaymentId != row.Id) return row.View(_clientSecret);
        return (await ApplyAsync(row, intent)).View(_clientSecret);
    }

    /// <summary>The recipient and net amount of an order, from the server's own data: a tip's bounds, a video's price.</summary>
    private async Task<(PaymentOutcome Outcome, Guid Recipient, long Amount, string? Problem)> QuoteAsync(PaymentOrder order)
    {
        var o = options.Value;
        if (!o.Accepts(order.Currency)) return (PaymentOutcome.InvalidAmount, default, 0, $"currency must be one of {o.Currencies}");
        if (order.Kind == PaymentKind.Tip)
        {
            if (order.TargetId == order.BuyerId) return (PaymentOutcome.OwnTarget, default, 0, null);
            if (order.Amount is not { } tip || tip < o.TipMinimum || tip > o.TipMaximum)
            {
                return (PaymentOutcome.InvalidAmount, default, 0, $"a tip is from {o.TipMinimum} to {o.TipMaximum}");
            }
            var status = await GrainFactory.Ref<IUserGrain>(order.TargetId).GetStatusAsync();
            return status is null || status.Standing == AccountStanding.Suspended
                ? (PaymentOutcome.TargetNotFound, default, 0, null)
                : (PaymentOutcome.Done, order.TargetId, tip, null);
        }
        var video = await GrainFactory.Ref<IVideoGrain>(order.TargetId).GetAsync(order.BuyerId);
        if (video is null) return (PaymentOutcome.TargetNotFound, default, 0, null);
        if (video.OwnerId == order.BuyerId) return (PaymentOutcome.OwnTarget, default, 0, null);
        var price = await GrainFactory.Ref<IVideoPriceGrain>(order.TargetId).GetAsync();
        if (price is null) return (PaymentOutcome.NotForSale, default, 0, null);
        if (price.Currency != order.Currency) return (PaymentOutcome.InvalidAmount, default, 0, $"this video is sold in {price.Currency}");
        return (PaymentOutcome.Done, video.OwnerId, price.Amount, null);
    }

    /// <summary>A payment short of an outcome: charge it (again, idempotently) if Stripe never answered, else read its intent.</summary>
    private async Task<PaymentRow> AdvanceAsync(PaymentRow row)
    {
        IntentState intent;
        if (row.IntentId is null)
        {
            var customer = await store.CustomerOfAsync(row.BuyerId)
                ?? await store.AddCustomerAsync(row.BuyerId, await stripe.CreateCustomerAsync(row.BuyerId));
            intent = await stripe.ChargeAsync(row.Id, row.Total, row.Currency, customer, row.PaymentMethodId,
                $"SocialFlow {PaymentRow.Name(row.Kind)} {row.TargetId}");
        }
        else
        {
            intent = await stripe.GetIntentAsync(row.IntentId);
        }
        return await ApplyAsync(row, intent);
    }

    /// <summary>Follows Stripe's state of the intent; a paid payment never changes back, and its charge is written once.</summary>
    private async Task<PaymentRow> ApplyAsync(PaymentRow row, IntentState intent)
    {
        _clientSecret = intent.ClientSecret;
        if (row.Status == PaymentStatus.Succeeded) return row;
        var status = intent.PaymentStatus;
        var now = Now();
        if (status == PaymentStatus.Succeeded)
        {
            if (!await store.SettleAsync(row, intent.Id, now))
            {
                _loaded = false;
                return await LoadAsync() ?? row;
            }
            row = row with { Status = status, IntentId = intent.Id, FailureCode = null, SettledAt = now };
        }
        else
        {
            var failure = status == PaymentStatus.Failed ? intent.FailureCode ?? "payment_failed" : null;
            if (status == row.Status && row.IntentId == intent.Id && row.FailureCode == failure) return row;
            await store.UpdateStatusAsync(row.Id, status, intent.Id, failure, now);
            row = row with { Status = status, IntentId = intent.Id, FailureCode = failure };
        }
        _row = row;
        return row;
    }

    private async Task<PaymentRow?> LoadAsync()
    {
        if (_loaded) return _row;
        _row = await store.GetAsync(this.GetPrimaryKey());
        _loaded = true;
        return _row;
    }

    private DateTimeOffset Now() => PostgresTime.Now(clock);
}
