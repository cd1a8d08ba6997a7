using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Social;

public enum FollowState { None, Requested, Following }

public enum GraphOutcome { Unchanged, Changed, Blocked }

[GenerateSerializer, Immutable]
public sealed record FollowResult([property: Id(0)] FollowState State, [property: Id(1)] bool Changed, [property: Id(2)] bool Blocked = false);

[GenerateSerializer, Immutable]
public sealed record GraphCounts([property: Id(0)] long Followers, [property: Id(1)] long Following)
{
    public static readonly GraphCounts Zero = new(0, 0);
}

[GenerateSerializer, Immutable]
public sealed record ViewerRelation([property: Id(0)] bool Blocked, [property: Id(1)] bool Follows)
{
    public static readonly ViewerRelation None = new(false, false);
}

/// <summary>
/// The pair (receiver, <see cref="OtherId"/>) as one transaction committed it, seen from the receiver, with the
/// receiver's counts. <see cref="Version"/> is the receiver's user_graph_counts.version after that transaction: every
/// pair change bumps both accounts' versions under their row locks, so versions order the changes an account sees.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PairState(
    [property: Id(0)] Guid OtherId,
    [property: Id(1)] long Version,
    [property: Id(2)] long Followers,
    [property: Id(3)] long Following,
    [property: Id(4)] bool OtherFollowsMe,
    [property: Id(5)] bool IBlockOther,
    [property: Id(6)] bool OtherBlocksMe);

[GenerateSerializer, Immutable]
public sealed record GraphEdge([property: Id(0)] Guid UserId, [property: Id(1)] string Username, [property: Id(2)] DateTimeOffset At);

[GenerateSerializer, Immutable]
public sealed record GraphPage([property: Id(0)] IReadOnlyList<GraphEdge> Items, [property: Id(1)] PageCursor? Next);
