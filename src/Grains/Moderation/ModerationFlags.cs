using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Moderation;

/// <summary>
/// How a domain hands an automated flag to moderation durably: a <c>moderation/flagged</c> event appended in the
/// transaction that stores the flagged text, so the queue gets the item exactly when the item exists.
/// </summary>
public static class ModerationFlags
{
    public static Task AppendAsync(Tx tx, ModerationTargetType type, Guid targetId, Guid ownerId, ScreenResult result, DateTimeOffset at) =>
        result.Verdict == ScreenVerdict.Clean
            ? Task.CompletedTask
            : EventOutbox.AppendAsync(tx, EventStreams.Moderation, targetId, ownerId, EventKinds.Moderation.Flagged, new
            {
                target_type = ModerationNames.Of(type),
                target_id = targetId,
                owner_id = ownerId,
                verdict = result.Verdict == ScreenVerdict.Hold ? WatchedWordRules.Hold : WatchedWordRules.Flag,
                matched = result.Matched,
                at,
            });
}
