using System.Text.Json;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Moderation;

/// <summary>
/// Puts an item a watched word flagged (or held) into the queue: its open case gets the flag. The item's current
/// snapshot seeds a new case; an item deleted meanwhile is skipped.
/// </summary>
public sealed class ModerationFlagHandler(ModerationStore store, ModerationTargets targets) : IDomainEventHandler
{
    public string Namespace => EventStreams.Moderation;

    public async Task HandleAsync(DomainEvent evt)
    {
        if (evt.Kind != EventKinds.Moderation.Flagged) return;
        using var payload = JsonDocument.Parse(evt.Payload);
        var p = payload.RootElement;
        if (!ModerationNames.TryParseTarget(p.GetProperty("target_type").GetString(), out var type)) return;
        if (await targets.SnapshotAsync(type, p.GetProperty("target_id").GetGuid()) is not { } target) return;
        var hold = p.GetProperty("verdict").GetString() == WatchedWordRules.Hold;
        var matched = p.GetProperty("matched").EnumerateArray().Select(m => m.GetString()!).ToList();
        await store.FlagAsync(new ModerationStore.CaseSeed(target, type == ModerationTargetType.ChatMessage ? target.ParentId : null, null), hold, matched);
    }
}
