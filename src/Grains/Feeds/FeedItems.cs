using SocialFlow.Grains.Interfaces.Feeds;

namespace SocialFlow.Grains.Feeds;

/// <summary>What may enter a feed, as a rule on a loaded row (for fan-out and cards; as SQL in RecentItemsReadModel), and the feed order.</summary>
public static class FeedItems
{
    /// <summary>Hidden: held or removed by moderation (seen by its owner alone, so in nobody's feed).</summary>
    public static bool PostFeedable(bool deleted, string visibility, bool hidden) => !deleted && !hidden && visibility is "public" or "followers";

    public static bool VideoFeedable(bool deleted, string status, string visibility, bool hidden) =>
        !deleted && !hidden && status == "ready" && visibility == "public";

    /// <summary>Newest first; ties broken by id so cursors are exact.</summary>
    public static int Compare(FeedEntry a, FeedEntry b)
    {
        var byTime = b.At.CompareTo(a.At);
        return byTime != 0 ? byTime : b.ItemId.CompareTo(a.ItemId);
    }

    public static readonly Comparer<FeedEntry> NewestFirst = Comparer<FeedEntry>.Create(Compare);
}
