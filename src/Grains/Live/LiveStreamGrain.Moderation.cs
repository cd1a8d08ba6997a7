using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Live;

/// <summary>Moderators' actions on the stream. Remove ends a live stream first (publishing stops; an ended stream never
/// goes live again), then hides it; the chat room re-reads the row, so it refuses others as the stream's GET does.</summary>
public sealed partial class LiveStreamGrain
{
    public async Task<ModeratedItem?> ModerateAsync(ContentAction action, AuditActor by, string reason)
    {
        if (_stream is not { } s) return null;
        var current = Moderation(s);
        var next = current.Apply(action, reason);
        if (action == ContentAction.Remove && s.State == LiveState.Live) await EndStreamAsync();
        if (next == current) return await GetModeratedItemAsync();
        await store.ModerateAsync(Id, next, by, action, reason);
        _stream = _stream! with { Sensitive = next.Sensitive, Moderation = next.Notice };
        try
        {
            await GrainFactory.Ref<ILiveRoomGrain>(Id).StreamChangedAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Telling the chat room of live stream {StreamId} of its moderation failed", Id);
        }
        return await GetModeratedItemAsync();
    }

    public async Task<ModeratedItem?> GetModeratedItemAsync()
    {
        if (_stream is not { } s) return null;
        var viewers = await GrainFactory.Ref<ILiveRoomGrain>(Id).GetViewersAsync();
        var m = Moderation(s);
        return new ModeratedItem(ModerationTargetType.LiveStream, Id, s.OwnerId, s.Title, s.Description, null, m.Standing, m.Sensitive,
            Math.Max(s.PeakViewers, viewers.Peak), s.CreatedAt);
    }

    private static ContentModeration Moderation(LiveStreamView s) =>
        new(s.Moderation?.Standing ?? ContentStanding.Visible, s.Sensitive, s.Moderation?.Reason);
}
