using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Videos;

/// <summary>Moderators' actions on the video: a change of standing or sensitive flag, with its audit row and an updated
/// event (so feeds re-read the video) in one transaction; the content grain hears of a new audience as for any change.</summary>
public sealed partial class VideoGrain
{
    public async Task<ModeratedItem?> ModerateAsync(ContentAction action, AuditActor by, string reason)
    {
        if (_state is not { Deleted: false } s) return null;
        var moderation = s.Moderation.Apply(action, reason);
        if (moderation == s.Moderation) return await GetModeratedItemAsync();
        var next = s.Clone();
        (next.Moderation, next.UpdatedAt) = (moderation, Now);
        await SaveAsync(next, evt: Event(EventKinds.Video.Updated, next),
            also: tx => ContentAudit.AppendAsync(tx, by, ModerationTargetType.Video, Id, action, reason));
        return await GetModeratedItemAsync();
    }

    public async Task<ModeratedItem?> GetModeratedItemAsync()
    {
        if (_state is not { Deleted: false } s) return null;
        var views = (await GrainFactory.Ref<IContentGrain>(Id).GetCountsAsync()).Views;
        // The first thumbnail, as the video's views name it, once transcoding made one.
        var thumbnail = s.Status == VideoStatus.Ready && s.ThumbnailCount > 0 ? $"/api/v1/videos/{Id}/thumbnails/0.jpg" : null;
        return new ModeratedItem(ModerationTargetType.Video, Id, s.OwnerId, s.Title, s.Description, thumbnail, s.Standing, s.Sensitive,
            views, s.CreatedAt);
    }
}
