using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Comments;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Moderation;

/// <summary>
/// The things moderation acts on, each through the grain that owns it: what it looks like (the queue's snapshot),
/// whether a reporter can see it, and the actions. Moderation never writes another domain's tables; each owning grain
/// writes its own change and its own audit row.
/// </summary>
public sealed class ModerationTargets(IGrainFactory grains)
{
    /// <summary>The target as it is now, or null when it does not exist. A chat message's ParentId is its stream.</summary>
    public async Task<ModeratedItem?> SnapshotAsync(ModerationTargetType type, Guid id) => type switch
    {
        ModerationTargetType.User => await grains.Ref<IUserGrain>(id).GetPublicProfileAsync() is { } p
            ? new ModeratedItem(type, id, id, p.DisplayName, p.Bio, p.AvatarUrl, ContentStanding.Visible, false, p.Counts.Followers, p.CreatedAt)
            : null,
        ModerationTargetType.Video => await grains.Ref<IVideoGrain>(id).GetModeratedItemAsync(),
        ModerationTargetType.Post => await grains.Ref<IPostGrain>(id).GetModeratedItemAsync(),
        ModerationTargetType.Comment => await grains.Ref<ICommentsGrain>(0).GetModeratedItemAsync(id),
        ModerationTargetType.LiveStream => await grains.Ref<ILiveStreamGrain>(id).GetModeratedItemAsync(),
        ModerationTargetType.AdCreative => await CampaignOfAsync(id) is { } campaign ? await campaign.ModeratedCreativeAsync(id) : null,
        _ => await StreamOfAsync(id) is { } stream ? await grains.Ref<ILiveRoomGrain>(stream).GetModeratedMessageAsync(id) : null,
    };

    /// <summary>Whether the reporter may see the target: a target one cannot see cannot be reported (it answers as missing).</summary>
    public async Task<bool> VisibleToAsync(ModeratedItem target, Guid viewerId) => target.Type switch
    {
        ModerationTargetType.User => true,
        ModerationTargetType.Video => await grains.Ref<IVideoGrain>(target.Id).GetAsync(viewerId) is not null,
        ModerationTargetType.Post => await grains.Ref<IPostGrain>(target.Id).CanViewAsync(viewerId),
        ModerationTargetType.Comment => await grains.Ref<ICommentsGrain>(0).GetAsync(target.Id, viewerId) is not null,
        ModerationTargetType.LiveStream => await grains.Ref<ILiveStreamGrain>(target.Id).GetAsync(viewerId) is not null,
        ModerationTargetType.AdCreative => target.Standing == ContentStanding.Visible || target.OwnerId == viewerId,
        _ => (target.Standing == ContentStanding.Visible || target.OwnerId == viewerId)
             && target.ParentId is { } stream && await grains.Ref<ILiveStreamGrain>(stream).GetAsync(viewerId) is not null,
    };

    /// <summary>Applies a content action through the item's grain; null when the item no longer exists (or is an account).</summary>
    public async Task<ModeratedItem?> ApplyAsync(ModerationTargetType type, Guid id, ContentAction action, AuditActor by, string reason) => type switch
    {
        ModerationTargetType.Video => await grains.Ref<IVideoGrain>(id).ModerateAsync(action, by, reason),
        ModerationTargetType.Post => await grains.Ref<IPostGrain>(id).ModerateAsync(action, by, reason),
        ModerationTargetType.Comment => await grains.Ref<ICommentsGrain>(0).ModerateAsync(id, action, by, reason),
        ModerationTargetType.LiveStream => await grains.Ref<ILiveStreamGrain>(id).ModerateAsync(action, by, reason),
        ModerationTargetType.ChatMessage => await StreamOfAsync(id) is { } stream
            ? await grains.Ref<ILiveRoomGrain>(stream).ModerateMessageAsync(id, action, by, reason)
            : null,
        ModerationTargetType.AdCreative => await CampaignOfAsync(id) is { } campaign
            ? await campaign.ModerateCreativeAsync(id, action, by, reason)
            : null,
        _ => null,
    };

    /// <summary>An account action through the account's grain; null when there is no such account.</summary>
    public Task<AccountStatus?> SanctionAsync(Guid accountId, AccountAction action, DateTimeOffset? until, AuditActor by, string reason) =>
        grains.Ref<IUserGrain>(accountId).SanctionAsync(action, until, by, reason);

    /// <summary>Undoes what a strike did, for an approved appeal (a warning has nothing to undo).</summary>
    public async Task ReverseAsync(StrikeView strike, Guid accountId, AuditActor by, string reason)
    {
        switch (strike.Action)
        {
            case "remove": await ApplyAsync(strike.TargetType, strike.TargetId, ContentAction.Restore, by, reason); break;
            case "mark_sensitive": await ApplyAsync(strike.TargetType, strike.TargetId, ContentAction.UnmarkSensitive, by, reason); break;
            case "limit": await SanctionAsync(accountId, AccountAction.Unlimit, null, by, reason); break;
            case "suspend": await SanctionAsync(accountId, AccountAction.Unsuspend, null, by, reason); break;
        }
    }

    private async Task<IAdCampaignGrain?> CampaignOfAsync(Guid creativeId) =>
        await grains.Ref<IAdDirectoryGrain>(0).CampaignOfCreativeAsync(creativeId) is { } campaign ? grains.Ref<IAdCampaignGrain>(campaign) : null;

    private Task<Guid?> StreamOfAsync(Guid messageId) => grains.Ref<ILiveDirectoryGrain>(0).StreamOfChatMessageAsync(messageId);
}
