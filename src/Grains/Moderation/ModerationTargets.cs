using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Moderation;

/// <summary>
/// The things moderation acts on, each through the grain that owns it: what it looks like (for the queue's snapshot),
/// whether a reporter can see it, and the content actions. Moderation never writes another domain's tables.
/// </summary>
public sealed class ModerationTargets(IGrainFactory grains)
{
    /// <summary>The target as it is now, or null when it does not exist.</summary>
    public async Task<ModeratedItem?> SnapshotAsync(ModerationTargetType type, Guid id)
    {
        switch (type)
        {
            case ModerationTargetType.User:
                return await grains.Ref<IUserGrain>(id).GetPublicProfileAsync() is { } p
                    ? new ModeratedItem(type, id, id, p.DisplayName, p.Bio, p.AvatarUrl, ContentStanding.Visible, false, p.Counts.Followers, p.CreatedAt)
                    : null;
            case ModerationTargetType.LiveStream:
                return await grains.Ref<ILiveStreamGrain>(id).GetAsync(null) is { } s
                    ? new ModeratedItem(type, id, s.OwnerId, s.Title, s.Description, null, ContentStanding.Visible, false, s.PeakViewers, s.CreatedAt)
                    : null;
            case ModerationTargetType.ChatMessage:
                return null;
            default:
                var content = grains.Ref<IContentGrain>(id);
                if (await content.GetInfoAsync() is not { } info || KindOf(info.Kind) != type) return null;
                var counts = await content.GetCountsAsync();
                return new ModeratedItem(type, id, info.OwnerId, null, null, null, ContentStanding.Visible, false,
                    type == ModerationTargetType.Video ? counts.Views : counts.Likes, info.CreatedAt, info.ParentId);
        }
    }

    /// <summary>Whether the reporter may see the target (a target one cannot see cannot be reported: it answers as missing).</summary>
    public async Task<bool> VisibleToAsync(ModerationTargetType type, Guid id, Guid viewerId) => type switch
    {
        ModerationTargetType.User => await grains.Ref<IUserGrain>(id).GetPublicProfileAsync() is not null,
        ModerationTargetType.LiveStream => await grains.Ref<ILiveStreamGrain>(id).GetAsync(viewerId) is not null,
        ModerationTargetType.ChatMessage => false,
        _ => await grains.Ref<IContentGrain>(id).CanViewAsync(viewerId),
    };

    /// <summary>Applies a content action; false when the target is not content (an account) or no longer exists.</summary>
    public Task<bool> ApplyAsync(ModerationTargetType type, Guid id, ContentAction action, AuditActor by, string reason) =>
        throw new NotSupportedException($"Content actions on {type} come with the content side of moderation.");

    /// <summary>An account action through the account's grain; null when there is no such account.</summary>
    public Task<AccountStatus?> SanctionAsync(Guid accountId, AccountAction action, DateTimeOffset? until, AuditActor by, string reason) =>
        grains.Ref<IUserGrain>(accountId).SanctionAsync(action, until, by, reason);

    private static ModerationTargetType KindOf(ContentKind kind) => kind switch
    {
        ContentKind.Video => ModerationTargetType.Video,
        ContentKind.Post => ModerationTargetType.Post,
        _ => ModerationTargetType.Comment,
    };
}
