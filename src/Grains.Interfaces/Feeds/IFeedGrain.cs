using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Feeds;

/// <summary>
/// One user's home feed, keyed by the user id: a bounded window of the newest items of the accounts they follow (and
/// their own), newest first. The durable copy is the feed_entries table, written by the fan-out before it pushes here;
/// the grain loads (or rebuilds) it on first read and keeps it in memory. Items of accounts above the push threshold
/// are merged at read time; blocks, mutes, deletions and visibility are applied at read time too.
/// </summary>
public interface IFeedGrain : IGrainWithGuidKey
{
    /// <summary>Items after the cursor (exclusive), newest first, each with what a client needs to render it.</summary>
    Task<FeedPage> ReadAsync(PageCursor? after, int limit);

    /// <summary>Adds an entry the fan-out already stored (idempotent); ignored while the window is not loaded.</summary>
    Task PushAsync(FeedEntry entry);

    /// <summary>Drops an item the fan-out already removed from the table.</summary>
    Task RemoveAsync(Guid itemId);

    /// <summary>The user's graph changed (follow, unfollow, block, mute): reload the window and graph views on the next read.</summary>
    Task RefreshAsync();
}
