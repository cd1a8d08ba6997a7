using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>
/// Payments' events that live chat acts on. A paid tip with a chat message is posted in its stream's room: the paid event
/// is written in the payment's settling commit, whichever way it was paid (at once, by a webhook, by the reconciliation),
/// and delivered at least once, so the message is posted after every payment and (the room posts a payment's message
/// once) only once. A live stream whose access rule changed has its room send away the viewers it now excludes.
/// </summary>
public sealed class LiveChatPaymentsHandler(IGrainFactory grains, LiveChatStore store) : IDomainEventHandler
{
    public string Namespace => EventStreams.Payments;

    public async Task HandleAsync(DomainEvent evt)
    {
        var p = EventPayload.Parse(evt.Payload);
        if (evt.Kind == EventKinds.Payments.Paid && p.Text("payment_kind") == "tip" && p.Number("amount") is { } amount
            && p.Text("currency") is { } currency && await store.TipAsync(evt.EntityId) is { } tip)
        {
            await grains.Ref<ILiveRoomGrain>(tip.StreamId).PostTipAsync(evt.EntityId, amount, currency);
        }
        else if (evt.Kind == EventKinds.Payments.AccessChanged && p.Text("content_kind") == "live_stream")
        {
            await grains.Ref<ILiveRoomGrain>(evt.EntityId).AccessChangedAsync();
        }
    }
}
