using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Feeds;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// Graph events into feeds (actor: who acted; key: the other account). Each reaction checks the edge as it is now, so
/// a re-delivered or overtaken event (a "followed" arriving after its "unfollowed") does not undo a later change.
/// Following (and unmuting a followed account) back-fills the followee's recent items; unfollowing, blocking (both ways)
/// and muting remove them. The feed grains concerned reload on their next read, blocks and mutes included.
/// </summary>
public sealed class GraphFeedHandler(FeedStore store, FeedGraph graph, IGrainFactory grains, IOptions<FeedOptions> options) : IDomainEventHandler
{
    public string Namespace => EventStreams.Graph;

    public async Task HandleAsync(DomainEvent evt)
    {
        var (actor, other) = (evt.ActorId, evt.EntityId);
        if (actor == other) return;
        switch (evt.Kind)
        {
            case EventKinds.Graph.Followed or EventKinds.Graph.FollowApproved:
                // An approval's actor is the followee; checking both directions covers either reading of the pair.
                await BackfillIfFollowsAsync(actor, other);
                await BackfillIfFollowsAsync(other, actor);
                break;
            case EventKinds.Graph.Unfollowed when !await graph.FollowsAsync(actor, other):
                await RemoveAsync(actor, other);
                break;
            case EventKinds.Graph.Blocked when await graph.BlockedEitherWayAsync(actor, other):
                await RemoveAsync(actor, other);
                await RemoveAsync(other, actor);
                break;
            case EventKinds.Graph.Muted when await graph.MutesAsync(actor, other):
                await RemoveAsync(actor, other);
                break;
            case EventKinds.Graph.Unblocked:
                // The block removed the follows, so nothing comes back; both feeds stop hiding the other at once.
                await grains.Ref<IFeedGrain>(actor).RefreshAsync();
                await grains.Ref<IFeedGrain>(other).RefreshAsync();
                break;
            case EventKinds.Graph.Unmuted when !await graph.MutesAsync(actor, other):
                await BackfillIfFollowsAsync(actor, other);
                await grains.Ref<IFeedGrain>(actor).RefreshAsync();
                break;
        }
    }

    private async Task BackfillIfFollowsAsync(Guid follower, Guid followee)
    {
        if (!await graph.FollowsAsync(follower, followee)) return;
        // A large account's items are merged at read time; the refresh makes the feed start pulling them.
        if (await graph.FollowerCountAsync(followee) <= options.Value.PushThreshold)
        {
            await store.BackfillAsync(follower, [followee], options.Value.Window, options.Value.Window);
        }
        await grains.Ref<IFeedGrain>(follower).RefreshAsync();
    }

    private async Task RemoveAsync(Guid user, Guid author)
    {
        await store.DeleteAuthorAsync(user, author);
        await grains.Ref<IFeedGrain>(user).RefreshAsync();
    }
}
