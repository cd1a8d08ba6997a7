using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// Pushes an item into (or takes it out of) the feeds of its author and the author's followers: page by page through
/// the follows table, each page first stored in feed_entries (short pages with other fan-outs': a group commit), then
/// told to the feed grains, a bounded number of calls at once. Any failure throws, so the event is not acknowledged and
/// comes back; every step is idempotent, so the repeat only completes what is missing.
/// </summary>
public sealed class FeedFanout(FeedStore store, FeedEntryWriter entries, FeedGraph graph, IGrainFactory grains, IOptions<FeedOptions> options)
{
    private FeedOptions Options => options.Value;

    public async Task PushAsync(FeedEntry entry)
    {
        await StepAsync([entry.AuthorId], entry, add: true);
        // Followers of a large account merge its items when they read (FeedGrain, PulledItems).
        if (await graph.FollowerCountAsync(entry.AuthorId) > Options.PushThreshold) return;
        await EachFollowerPageAsync(entry.AuthorId, page => StepAsync(page, entry, add: true));
    }

    /// <summary>
    /// Removes the item from every feed it was pushed to. For an author above the threshold only their own feed: their
    /// followers never received it, and a rebuild's copy is left out at read time (FeedCards).
    /// </summary>
    public async Task RemoveAsync(FeedEntry entry)
    {
        await StepAsync([entry.AuthorId], entry, add: false);
        if (await graph.FollowerCountAsync(entry.AuthorId) > Options.PushThreshold) return;
        await EachFollowerPageAsync(entry.AuthorId, page => StepAsync(page, entry, add: false));
    }

    private async Task EachFollowerPageAsync(Guid authorId, Func<Guid[], Task> step)
    {
        PageCursor? after = null;
        do
        {
            var (ids, next) = await graph.FollowersPageAsync(authorId, after, Options.FanoutBatch);
            if (ids.Length > 0) await step(ids);
            after = next;
        } while (after is not null);
    }

    private async Task StepAsync(Guid[] users, FeedEntry entry, bool add)
    {
        if (add) await entries.InsertAsync(users, entry);
        else await store.DeleteItemAsync(users, entry.ItemId);
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = Options.FanoutParallelism }, async (user, _) =>
        {
            var feed = grains.Ref<IFeedGrain>(user);
            await (add ? feed.PushAsync(entry) : feed.RemoveAsync(entry.ItemId));
        });
    }
}
