using System.Text.Json;
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
        using var json = JsonDocument.Parse(evt.Payload);
        var payload = json.RootElement;
        if (evt.Kind == EventKinds.Payments.Paid && payload.GetProperty("payment_kind").ValueEquals("tip")
            && await store.TipAsync(evt.EntityId) is { } tip)
        {
            await grains.Ref<ILiveRoomGrain>(tip.StreamId).PostTipAsync(evt.EntityId, payload.GetProperty("amount").GetInt64(),
                payload.GetProperty("currency").GetString()!);
        }
        else if (evt.Kind == EventKinds.Payments.AccessChanged && payload.GetProperty("content_kind").ValueEquals("live_stream"))
        {
            await grains.Ref<ILiveRoomGrain>(evt.EntityId).AccessChangedAsync();
        }
    }
}
