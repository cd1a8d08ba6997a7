using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Notifications;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Notifications;

/// <summary>
/// Creators hear of the money their audience sends them: a tip, or a purchase of one of their videos (the paid event of
/// the payments stream). A System notification whose actor is the buyer and whose subject is the payment, so that two
/// tips are two notices rather than one group; the event id makes a redelivered event notify once.
/// </summary>
public sealed class PaymentNotifications(IGrainFactory grains) : IDomainEventHandler
{
    public string Namespace => EventStreams.Payments;

    public Task HandleAsync(DomainEvent evt)
    {
        if (evt.Kind != EventKinds.Payments.Paid) return Task.CompletedTask;
        var p = EventPayload.Parse(evt.Payload);
        if (p.Id("recipient_id") is not { } recipient || p.Id("payment_id") is not { } payment || p.Number("amount") is not { } amount) return Task.CompletedTask;
        var money = MoneyText.Of(amount, p.Text("currency") ?? "");
        var (text, item) = p.Text("payment_kind") == "tip" ? ($"tipped you {money}", (Guid?)null) : ($"bought your video for {money}", p.Id("target_id"));
        return grains.Ref<INotificationGrain>(recipient)
            .ApplyAsync(new NotificationInput(evt.EventId, NotificationType.System, evt.ActorId, payment, "payment", item, Text: text));
    }
}
