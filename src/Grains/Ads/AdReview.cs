using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Ads;

/// <summary>
/// Creatives reach the moderation queue as held items (a <c>moderation/flagged</c> event with verdict hold, written in
/// the creative's commit): a moderator's approve (or dismiss) lets it serve, remove rejects it — through
/// <c>ModerationTargets</c>, which calls the creative's campaign grain.
/// </summary>
public static class AdReview
{
    public const string Reason = "ad_creative_review";

    public static Task RequestAsync(Tx tx, Guid creativeId, Guid advertiserId, DateTimeOffset at) =>
        EventOutbox.AppendAsync(tx, EventStreams.Moderation, creativeId, advertiserId, EventKinds.Moderation.Flagged, new
        {
            target_type = ModerationNames.Of(ModerationTargetType.AdCreative),
            target_id = creativeId,
            owner_id = advertiserId,
            verdict = WatchedWordRules.Hold,
            matched = new[] { Reason },
            at,
        });
}
