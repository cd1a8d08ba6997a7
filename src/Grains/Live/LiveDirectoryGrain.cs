using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Social;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Live;

[StatelessWorker]
[Reentrant]
public sealed class LiveDirectoryGrain(LiveStreamStore store, Chat.LiveChatStore chat, BlockLists blockLists, AccountStandings standings) : Grain, ILiveDirectoryGrain
{
    public Task<Guid?> StreamOfChatMessageAsync(Guid messageId) => chat.StreamOfMessageAsync(messageId);

    /// <summary>The cursor follows the last row read, so a page thinned by blocks (or by owners left out of discovery:
    /// limited or suspended) may be shorter but never skips a stream.</summary>
    public async Task<LiveStreamPage> LiveNowAsync(Guid? viewerId, PageCursor? after, int limit)
    {
        var rows = await store.LiveNowAsync(after, limit + 1);
        var more = rows.Count > limit;
        if (more) rows.RemoveAt(limit);
        var shown = new List<LiveStreamView>(rows.Count);
        foreach (var s in rows)
        {
            if (viewerId != s.OwnerId && await standings.HiddenFromDiscoveryAsync(s.OwnerId)) continue;
            if (viewerId is not { } viewer || viewer == s.OwnerId || !await blockLists.BlockedAsync(s.OwnerId, viewer)) shown.Add(s);
        }
        return new LiveStreamPage(shown, more ? new PageCursor(rows[^1].StartedAt!.Value, rows[^1].Id) : null);
    }
}
