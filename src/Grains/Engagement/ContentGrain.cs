using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SocialFlow.Grains.Engagement.GroupCommit;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Social;
using SocialFlow.Grains.Trending;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Engagement;

/// <summary>
/// One likeable item: who may see it and its exact counts, in memory. Reentrant, so that many writes to a hot item
/// share one group commit; every write is durable before it returns (EngagementWriter), and the counts move only by
/// what PostgreSQL reports as committed. Grain state is not used: content_counters, updated in the same statement as
/// the facts, is the snapshot an activation loads.
/// </summary>
[Reentrant]
public sealed partial class ContentGrain(
    ContentStore store, EngagementWriter writer, TrendingTally trending, BlockLists blockLists, AccountStandings standings, IOptions<EngagementOptions> options,
    IOptions<ObserverLeaseOptions> leases, TimeProvider clock, ILogger<ContentGrain> logger)
    : Grain, IContentGrain, IContentLiveGrain
{
    private static readonly IReadOnlyDictionary<string, long> NoReactions = new Dictionary<string, long>(StringComparer.Ordinal);
    private readonly EngagementOptions _options = options.Value;
    private ContentInfo? _info;
    private bool _deleted;
    private long _likes, _views, _comments, _bookmarks;
    private long _commentReadsStarted, _commentReadApplied;
    private IReadOnlyDictionary<string, long> _reactions = NoReactions; // replaced, never mutated: callers hold it

    /// <summary>A write's batch failed: memory may be off, so counts come from PostgreSQL until this activation goes.</summary>
    private bool _stale;

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        if (await store.LoadInfoAsync(Id) is { } loaded) (_info, _deleted) = loaded;
        if (_info is not null) SetCounts(await store.LoadCountsAsync(Id));
    }

    public async Task PublishAsync(ContentInfo info)
    {
        if (info.Id != Id) throw new ArgumentException("The item's id must be the grain's key.", nameof(info));
        await store.UpsertAsync(info);
        var narrowed = _info is not null && info.Visibility > _info.Visibility;
        _info = _info is null ? info : _info with { Visibility = info.Visibility };
        if (narrowed) EndWatches();
    }

    public async Task RemoveAsync()
    {
        await store.MarkDeletedAsync(Id);
        _deleted = true;
        EndWatches();
    }

    public Task<ContentInfo?> GetInfoAsync() => Task.FromResult(_deleted ? null : _info);

    public Task<bool> CanViewAsync(Guid? viewerId) => VisibleAsync(viewerId);

    public Task<ContentCounts> GetCountsAsync() => CountsAsync();

    public async Task<ContentCounts?> GetCountsForAsync(Guid? viewerId) => await VisibleAsync(viewerId) ? await CountsAsync() : null;

    /// <summary>
    /// Re-reads the committed count instead of adding a delta: a delta applied after an activation that already
    /// read the new total would count the comment twice. Reads are applied in the order they started, since a
    /// later read sees every commit an earlier one saw.
    /// </summary>
    public async Task CommentsChangedAsync()
    {
        var read = ++_commentReadsStarted;
        var comments = await store.LoadCommentCountAsync(Id);
        if (read <= _commentReadApplied) return;
        (_comments, _commentReadApplied) = (comments, read);
        CountersChanged();
    }

    /// <summary>
    /// Public and unlisted items: anyone; followers-only: the owner's followers; private: the owner. Never someone the
    /// owner blocks or is blocked by. A comment is visible exactly when its item is (the item's visibility and deletion
    /// now, not the copy taken when the comment was written), and never across a block with the comment's author; a comment
    /// published as private (held or removed by moderation) is visible to its author alone.
    /// Anonymous viewers and owners cost no graph call; anyone else one call to the owner's graph grain (memory). A
    /// suspended owner's item (or author's comment) is hidden from everyone else (the silo's copy of standings).
    /// </summary>
    private async Task<bool> VisibleAsync(Guid? viewerId)
    {
        if (_info is not { } info || _deleted) return false;
        if (viewerId != info.OwnerId && await standings.SuspendedAsync(info.OwnerId)) return false;
        if (info.Kind == ContentKind.Comment && info.ParentId is { } item)
        {
            if (info.Visibility == Visibility.Private && viewerId != info.OwnerId) return false;
            if (!await GrainFactory.Ref<IContentGrain>(item).CanViewAsync(viewerId)) return false;
            return viewerId is not { } v || v == info.OwnerId || !await blockLists.BlockedAsync(info.OwnerId, v);
        }
        var open = info.Visibility is Visibility.Public or Visibility.Unlisted;
        if (viewerId is not { } viewer) return open;
        if (info.OwnerId == viewer) return true;
        if (info.Visibility == Visibility.Private) return false;
        if (open) return !await blockLists.BlockedAsync(info.OwnerId, viewer);
        var relation = await RelationAsync(info.OwnerId, viewer, withFollow: true);
        return !relation.Blocked && relation.Follows;
    }

    private Task<ViewerRelation> RelationAsync(Guid ownerId, Guid viewerId, bool withFollow) =>
        GrainFactory.Ref<ISocialGraphGrain>(ownerId).GetRelationAsync(viewerId, withFollow);

    private async Task<ContentCounts> CountsAsync() => _stale
        ? await store.LoadCountsAsync(Id)
        : new ContentCounts(_likes, _views, _comments, _bookmarks, _reactions);

    private void SetCounts(ContentCounts c) =>
        (_likes, _views, _comments, _bookmarks, _reactions) = (c.Likes, c.Views, c.Comments, c.Bookmarks, c.Reactions);
}
