using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>Platform moderators' actions on one message (the room's own moderators use DeleteMessageAsync).</summary>
public sealed partial class LiveRoomGrain
{
    public async Task<ModeratedItem?> ModerateMessageAsync(Guid messageId, ContentAction action, AuditActor by, string reason)
    {
        if (await store.FindMessageAsync(messageId) is not { } row || row.Message.StreamId != Id) return null;
        var after = new ContentModeration(row.Standing, false, null).Apply(action, reason).Standing;
        if (after == row.Standing) return Moderated(row.Message, row.Standing);
        await store.SetMessageStandingAsync(messageId, after, by, action, reason, clock.GetUtcNow());
        if (after != ContentStanding.Visible)
        {
            if (_recent.FirstOrDefault(m => m.Id == messageId) is { } kept) _recent.Remove(kept);
            _pins.RemoveAll(m => m.Id == messageId);
            _outbox.RemoveAll(m => m.Id == messageId);
            Notify(o => o.MessageDeleted(Id, messageId));
        }
        else
        {
            Deliver([row.Message]); // approved or restored: the audience gets it now
        }
        return Moderated(row.Message, after);
    }

    public async Task<ModeratedItem?> GetModeratedMessageAsync(Guid messageId) =>
        await store.FindMessageAsync(messageId) is { } row && row.Message.StreamId == Id ? Moderated(row.Message, row.Standing) : null;

    private static ModeratedItem Moderated(ChatMessage m, ContentStanding standing) =>
        new(ModerationTargetType.ChatMessage, m.Id, m.UserId, null, m.Text, null, standing, false, 0, m.SentAt, m.StreamId);
}
