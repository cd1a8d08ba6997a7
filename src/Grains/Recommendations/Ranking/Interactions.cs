namespace SocialFlow.Grains.Recommendations.Ranking;

/// <summary>What a person did with an item. Like, bookmark, comment, a long view and "see more" are positive; skips and
/// "not interested" negative; a plain view only says the item was seen.</summary>
public enum Signal : byte { View, Like, Bookmark, Comment, LongView, SeeMore, FollowAfterView, Skip, NotInterested }

public readonly record struct Interaction(Guid User, Guid Item, Signal Signal, DateTimeOffset At)
{
    public bool IsPositive => Signal is Signal.Like or Signal.Bookmark or Signal.Comment or Signal.LongView or Signal.SeeMore or Signal.FollowAfterView;
    public bool IsNegative => Signal is Signal.Skip or Signal.NotInterested;

    /// <summary>What counts toward an item's popularity: the engagement its counters hold (likes, bookmarks, comments).</summary>
    public bool IsEngagement => Signal is Signal.Like or Signal.Bookmark or Signal.Comment;
}

public sealed record ItemFacts(Guid Id, bool IsVideo, Guid AuthorId, DateTimeOffset CreatedAt, string[] Tags);

public readonly record struct Follow(Guid Follower, Guid Followee, DateTimeOffset At);

/// <summary>Everything a training reads: items, interactions and follows (the platform's tables, or a synthetic population).</summary>
public sealed record InteractionLog(IReadOnlyList<ItemFacts> Items, IReadOnlyList<Interaction> Interactions, IReadOnlyList<Follow> Follows)
{
    /// <summary>A view followed by a follow of the item's author within a day becomes a positive of its own.</summary>
    public InteractionLog WithFollowsAfterViews()
    {
        var authors = Items.ToDictionary(i => i.Id, i => i.AuthorId);
        var follows = Follows.ToDictionary(f => (f.Follower, f.Followee), f => f.At);
        var extra = new List<Interaction>();
        foreach (var i in Interactions)
        {
            if (i.Signal != Signal.View || !authors.TryGetValue(i.Item, out var author)) continue;
            if (follows.TryGetValue((i.User, author), out var at) && at > i.At && at - i.At < TimeSpan.FromDays(1))
            {
                extra.Add(i with { Signal = Signal.FollowAfterView, At = at });
            }
        }
        return extra.Count == 0 ? this : this with { Interactions = [.. Interactions, .. extra] };
    }
}
