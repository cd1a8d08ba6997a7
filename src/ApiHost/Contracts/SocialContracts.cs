using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>status: following, requested (a private account's pending request) or none; changed: did this call change it.</summary>
public sealed record FollowResponse(string Status, bool Changed)
{
    public static FollowResponse From(FollowResult r) => new(r.State switch
    {
        FollowState.Following => "following",
        FollowState.Requested => "requested",
        _ => "none",
    }, r.Changed);
}

public sealed record FollowRequestDecisionResponse(string Status);

public sealed record BlockResponse(bool Blocked, bool Changed);

public sealed record MuteResponse(bool Muted, bool Changed);

public sealed record FollowEdgeResponse(Guid Id, string Username, DateTimeOffset FollowedAt)
{
    public static FollowEdgeResponse From(GraphEdge e) => new(e.UserId, e.Username, e.At);
}

public sealed record FollowRequestResponse(Guid Id, string Username, DateTimeOffset RequestedAt)
{
    public static FollowRequestResponse From(GraphEdge e) => new(e.UserId, e.Username, e.At);
}

public sealed record BlockedUserResponse(Guid Id, string Username, DateTimeOffset BlockedAt)
{
    public static BlockedUserResponse From(GraphEdge e) => new(e.UserId, e.Username, e.At);
}

public sealed record MutedUserResponse(Guid Id, string Username, DateTimeOffset MutedAt)
{
    public static MutedUserResponse From(GraphEdge e) => new(e.UserId, e.Username, e.At);
}
