using BitFaster.Caching.Lru;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Social;

/// <summary>
/// One account's graph state in memory (see ISocialGraphGrain). Writes are serialised by the grain; reads and notices
/// interleave with them and never wait on PostgreSQL (except a follower check of an account with very many followers).
/// Every piece of state about a pair is replaced only by a pair state at least as new as the last one applied
/// (<see cref="_pairVersions"/>), and the counts only by newer counts, so notices may arrive late or twice.
/// </summary>
public sealed partial class SocialGraphGrain(GraphStore store, BlockLists blockLists, TimeProvider clock) : Grain, ISocialGraphGrain
{
    /// <summary>Followers kept in memory for followers-only checks; above this, asked per viewer (and cached).</summary>
    public const int MaxFollowersInMemory = 10_000;
    private const int MaxCachedAnswers = 2_000;

    private long _version, _followers, _following;
    private HashSet<Guid> _blocking = [], _blockedBy = [], _muting = [];
    private readonly Dictionary<Guid, long> _pairVersions = [];
    private long _loadedVersion;

    private HashSet<Guid>? _followerSet;
    private bool _tooManyFollowers;
    private FastConcurrentLru<Guid, bool>? _followerAnswers; // made on first need: only accounts with very many followers ask
    private long _followerGeneration;

    private Guid Me => this.GetPrimaryKey();
    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        var s = await store.LoadAsync(Me);
        (_version, _loadedVersion, _followers, _following) = (s.Version, s.Version, s.Followers, s.Following);
        (_blocking, _blockedBy, _muting) = (s.Blocking, s.BlockedBy, s.Muting);
    }

    public Task<GraphCounts> GetCountsAsync() => Task.FromResult(new GraphCounts(_followers, _following));

    public async Task<ViewerRelation> GetRelationAsync(Guid viewerId, bool withFollow)
    {
        if (viewerId == Me) return ViewerRelation.None;
        if (IsBlocked(viewerId)) return new ViewerRelation(true, false);
        return withFollow ? new ViewerRelation(false, await IsFollowerAsync(viewerId)) : ViewerRelation.None;
    }

    public Task<IReadOnlyCollection<Guid>> GetBlockedEitherWayAsync() =>
        Task.FromResult<IReadOnlyCollection<Guid>>(_blockedBy.Count == 0 ? _blocking.ToArray() : _blocking.Union(_blockedBy).ToArray());

    public Task<bool> MutesAsync(Guid otherId) => Task.FromResult(_muting.Contains(otherId));

    public Task<IReadOnlyCollection<Guid>> GetMutedAsync() => Task.FromResult<IReadOnlyCollection<Guid>>(_muting.ToArray());

    public Task<IReadOnlyCollection<Guid>> GetHiddenAuthorsAsync() =>
        Task.FromResult<IReadOnlyCollection<Guid>>([.. _blocking.Union(_blockedBy).Union(_muting)]);

    public async Task NoticeAsync(PairState state)
    {
        if (Apply(state)) await blockLists.ChangedAsync(Me);
    }

    private bool IsBlocked(Guid otherId) => _blocking.Contains(otherId) || _blockedBy.Contains(otherId);

    /// <summary>
    /// A pair state from this grain's own transaction or another grain's notice. Counts move only forward in version;
    /// the pair's flags only when no newer state of that pair (or a newer load) was applied already. Returns whether
    /// the blocks changed (the silos' <see cref="BlockLists"/> must then forget this account's).
    /// </summary>
    private bool Apply(PairState s)
    {
        if (s.Version > _version) (_version, _followers, _following) = (s.Version, s.Followers, s.Following);
        var last = _pairVersions.GetValueOrDefault(s.OtherId, _loadedVersion);
        if (s.Version <= last) return false;
        _pairVersions[s.OtherId] = s.Version;
        var blocksChanged = Set(_blocking, s.OtherId, s.IBlockOther) | Set(_blockedBy, s.OtherId, s.OtherBlocksMe);
        _followerGeneration++;
        _followerAnswers?.TryRemove(s.OtherId);
        if (_followerSet is { } followers)
        {
            Set(followers, s.OtherId, s.OtherFollowsMe);
            if (followers.Count > MaxFollowersInMemory) (_followerSet, _tooManyFollowers) = (null, true);
        }
        return blocksChanged;
    }

    /// <summary>Puts <paramref name="id"/> in or out of the set; true when that changed it.</summary>
    private static bool Set(HashSet<Guid> set, Guid id, bool present) => present ? set.Add(id) : set.Remove(id);

    /// <summary>From memory when the followers fit; otherwise one PostgreSQL read per viewer, cached until the pair changes.
    /// A load that overlapped a change of the graph is thrown away (the generation moved), so nothing stale sticks.</summary>
    private async Task<bool> IsFollowerAsync(Guid viewerId)
    {
        if (_followerSet is null && !_tooManyFollowers)
        {
            var generation = _followerGeneration;
            var loaded = await store.LoadFollowersAsync(Me, MaxFollowersInMemory);
            if (generation == _followerGeneration && _followerSet is null) (_followerSet, _tooManyFollowers) = (loaded, loaded is null);
        }
        if (_followerSet is { } set) return set.Contains(viewerId);
        if (_followerAnswers?.TryGet(viewerId, out var known) == true) return known;
        var before = _followerGeneration;
        var follows = await store.FollowsAsync(viewerId, Me);
        if (before == _followerGeneration)
        {
            (_followerAnswers ??= new(MaxCachedAnswers)).AddOrUpdate(viewerId, follows); // full: the least recently used go
        }
        return follows;
    }
}
