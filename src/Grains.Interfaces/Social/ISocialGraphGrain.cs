using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Social;

/// <summary>
/// One account's place in the social graph, keyed by the user id: exact follower and following counts, the accounts
/// it blocks and that block it, and the accounts it mutes, in memory (loaded from PostgreSQL on activation). Edges
/// live in PostgreSQL; every change commits the edge, both accounts' counts and the outbox event in one transaction
/// that locks both accounts' user_graph_counts rows, then tells the other account's grain the pair's new state.
/// Follow operations run on the followee's grain, block and mute operations on the actor's grain.
/// </summary>
public interface ISocialGraphGrain : IGrainWithGuidKey
{
    /// <summary>On the followee's grain. A private account gets a follow request instead. Idempotent.</summary>
    Task<FollowResult> FollowAsync(Guid followerId);

    /// <summary>On the followee's grain: removes the follow, or a pending request (the requester cancels it).</summary>
    Task<FollowResult> UnfollowAsync(Guid followerId);

    /// <summary>On the target's grain: turns the pending request into a follow. False when there is no such request.</summary>
    Task<bool> ApproveAsync(Guid requesterId);

    /// <summary>On the target's grain: drops the pending request without telling the requester. False when there is none.</summary>
    Task<bool> RejectAsync(Guid requesterId);

    /// <summary>On the blocker's grain: stores the block and removes follows and follow requests both ways. Blocked never happens here.</summary>
    Task<GraphOutcome> BlockAsync(Guid targetId);
    Task<GraphOutcome> UnblockAsync(Guid targetId);
    Task<GraphOutcome> MuteAsync(Guid targetId);
    Task<GraphOutcome> UnmuteAsync(Guid targetId);

    [AlwaysInterleave] Task<GraphCounts> GetCountsAsync();

    /// <summary>How <paramref name="viewerId"/> stands toward this account: a block either way, and (only when asked,
    /// since it may cost a PostgreSQL read for accounts with very many followers) whether the viewer follows it.</summary>
    [AlwaysInterleave] Task<ViewerRelation> GetRelationAsync(Guid viewerId, bool withFollow);

    /// <summary>Everyone this account blocks or is blocked by (for leaving their items out of lists).</summary>
    [AlwaysInterleave] Task<IReadOnlyCollection<Guid>> GetBlockedEitherWayAsync();

    /// <summary>For feeds and notifications: does this account mute <paramref name="otherId"/>? From memory.</summary>
    [AlwaysInterleave] Task<bool> MutesAsync(Guid otherId);

    /// <summary>For feeds and notifications: everyone this account mutes. From memory.</summary>
    [AlwaysInterleave] Task<IReadOnlyCollection<Guid>> GetMutedAsync();

    /// <summary>Accounts whose items this account must not be shown: blocked either way, or muted by it. From memory.</summary>
    [AlwaysInterleave] Task<IReadOnlyCollection<Guid>> GetHiddenAuthorsAsync();

    /// <summary>Told by the grain that committed a change of the pair (this account, <see cref="PairState.OtherId"/>).
    /// Never waits (no I/O), so two grains telling each other cannot deadlock; stale notices are recognised by version.</summary>
    [AlwaysInterleave] Task NoticeAsync(PairState state);
}

/// <summary>Pages of the graph's edges, newest first. Stateless; reads PostgreSQL.</summary>
public interface ISocialDirectoryGrain : IGrainWithIntegerKey
{
    Task<GraphPage> FollowersAsync(Guid userId, PageCursor? after, int limit);
    Task<GraphPage> FollowingAsync(Guid userId, PageCursor? after, int limit);
    Task<GraphPage> FollowRequestsAsync(Guid targetId, PageCursor? after, int limit);
    Task<GraphPage> BlocksAsync(Guid blockerId, PageCursor? after, int limit);
    Task<GraphPage> MutesAsync(Guid muterId, PageCursor? after, int limit);
}
