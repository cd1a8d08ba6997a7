using BitFaster.Caching.Lru;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SocialFlow.Grains.Analytics;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Moderation;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Social;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>
/// One stream's chat room and audience (see <see cref="ILiveRoomGrain"/>). Reentrant so sends overlap their database
/// writes (group commit, <see cref="ChatWriteBatcher"/>); every check-and-change of memory happens within one turn.
/// The stream's row is read through <see cref="LiveStreamViewReadModel"/> (not its grain), so the stream grain may call in without a cycle.
/// </summary>
[Reentrant]
public sealed partial class LiveRoomGrain(
    LiveChatStore store, LiveStreamViewReadModel streams, BlockLists blockLists, AccountStandings standings, IOptions<LiveChatOptions> options,
    IOptions<ObserverLeaseOptions> leases, IContentScreen screen, IContentGate gate, AnalyticsWriter analytics, TimeProvider clock,
    ILogger<LiveRoomGrain> logger)
    : Grain, ILiveRoomGrain
{
    private readonly LiveChatOptions _options = options.Value;
    private readonly ObserverLeaseOptions _leases = leases.Value;
    private LiveStreamView? _stream;
    private ChatSettings _settings = ChatSettings.Default;
    private HashSet<Guid> _moderators = [];
    private Dictionary<Guid, DateTimeOffset?> _sanctions = []; // null: banned; else timed out until
    private readonly LinkedList<ChatMessage> _recent = new();
    private readonly FastConcurrentLru<Guid, string> _usernames = new(10_000); // full: the least recently used go
    private ChatRates _rates = null!;
    private ChatWriteBatcher _writer = null!;
    private DateTimeOffset _slowDownUntil;
    private readonly Dictionary<Guid, ScreenResult> _screened = []; // sends in flight that watched words matched

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        _rates = new ChatRates(_options.RateMessages, _options.RateWindow);
        _writer = new ChatWriteBatcher(batch => store.InsertAsync(Id, batch, id => _screened.GetValueOrDefault(id)), Committed,
            e => logger.LogWarning(e, "Live room {StreamId}: a committed batch was not handed on for delivery", Id));
        _stream = await streams.GetAsync(Id);
        var room = await store.LoadAsync(Id, _options.RecentMessages, clock.GetUtcNow());
        (_settings, _moderators, _sanctions, _pins) = (room.Settings, room.Moderators, room.Sanctions, room.Pinned);
        foreach (var m in room.Recent) _recent.AddLast(m);
        LoadFigures(room);
        StartTimers();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        Sample(clock.GetUtcNow());
        AllViewsEnded(clock.GetUtcNow()); // presence lives in this activation only: renewals start new views in the next
        if (_figuresChanged) await SaveFiguresAsync();
    }

    public async Task<JoinOutcome> JoinAsync(Guid userId, string presenceId, ILiveRoomObserver? observer)
    {
        if (await RefuseViewerAsync(userId) is { } refused) return new JoinOutcome(null, refused);
        if (_sanctions.TryGetValue(userId, out var until) && until is null) return new JoinOutcome(null, Banned());
        if (observer is not null) Watch(observer);
        AddPresence(presenceId, userId);
        var history = _recent.Skip(Math.Max(0, _recent.Count - _options.JoinHistory)).ToList();
        return new JoinOutcome(new RoomJoined(Viewers, history, _settings, PinnedNow()), null);
    }

    public async Task<ChatRefused?> LeaveAsync(Guid userId, string presenceId)
    {
        if (_presence.TryGetValue(presenceId, out var p) && p.UserId == userId) RemovePresence(presenceId);
        return await VisibleStreamAsync(userId) is null ? NotFound() : null;
    }

    public async Task<SendOutcome> SendAsync(Guid userId, string? text)
    {
        if (await RefuseViewerAsync(userId) is { } refused)
        {
            if (refused.Code == ChatRefusal.MembershipRequired) Evict(userId); // made members-only (or the membership ended) since they joined
            return new SendOutcome(null, refused);
        }
        // A suspended account's sessions end at once, but a hub connection opened before stays open: refuse it here.
        if (await standings.SuspendedAsync(userId)) return Refuse(ChatRefusal.Forbidden, "the account is suspended.");
        text = text?.Trim() ?? "";
        if (text.Length == 0) return Refuse(ChatRefusal.Empty, "the message is empty.");
        if (text.EnumerateRunes().Count() > _options.MaxMessageLength)
        {
            return Refuse(ChatRefusal.TooLong, $"a message has at most {_options.MaxMessageLength} characters.");
        }
        var privileged = IsModerator(userId);
        if (_settings.FollowersOnly && !privileged
            && !(await GrainFactory.Ref<ISocialGraphGrain>(_stream!.OwnerId).GetRelationAsync(userId, withFollow: true)).Follows)
        {
            return Refuse(ChatRefusal.FollowersOnly, "only the streamer's followers may chat now.");
        }
        var username = await UsernameAsync(userId);
        var badge = await BadgeAsync(userId);
        var screened = await screen.ScreenAsync(text); // in memory: the screen keeps its compiled patterns
        // From here to the write's start there is no await: the sanction and rate checks see every earlier send.
        var now = clock.GetUtcNow();
        if (_stream!.State == LiveState.Ended) return Refuse(ChatRefusal.Ended, "the stream has ended.");
        if (Sanctioned(userId, now) is { } sanction) return new SendOutcome(null, sanction);
        if (!privileged && _slowDownUntil > now)
        {
            return Refuse(ChatRefusal.SlowDown, $"the room's messages are reaching viewers late; wait {Seconds(_slowDownUntil - now)} s.", _slowDownUntil - now);
        }
        if (_rates.TryRecord(userId, now, privileged ? TimeSpan.Zero : TimeSpan.FromSeconds(_settings.SlowModeSeconds)) is var (slow, wait))
        {
            return slow
                ? Refuse(ChatRefusal.SlowMode, $"slow mode: one message per {_settings.SlowModeSeconds} s; wait {Seconds(wait)} s.", wait)
                : Refuse(ChatRefusal.RateLimited, $"at most {_options.RateMessages} messages per {_options.RateWindow.TotalSeconds:0.#} s; wait {Seconds(wait)} s.", wait);
        }
        var message = new ChatMessage(Guid.CreateVersion7(now), Id, userId, username, text, PostgresTime.Of(now), badge);
        if (screened.Verdict == ScreenVerdict.Clean)
        {
            await _writer.WriteAsync(message);
            return new SendOutcome(message, null);
        }
        // The flag rides the batch's commit; a held message is stored but neither kept for joiners nor delivered.
        _screened[message.Id] = screened;
        try
        {
            await _writer.WriteAsync(message);
        }
        finally
        {
            _screened.Remove(message.Id);
        }
        return new SendOutcome(message, null, screened.Verdict == ScreenVerdict.Hold);
    }

    public Task SlowDownAsync(TimeSpan retryAfter)
    {
        var until = clock.GetUtcNow() + retryAfter;
        if (until > _slowDownUntil) _slowDownUntil = until;
        return Task.CompletedTask;
    }

    public async Task<ChatPage?> ReplayAsync(Guid? viewerId, PageCursor? after, int limit)
    {
        if (await VisibleStreamAsync(viewerId) is null) return null;
        if (await MembershipRefusalAsync(viewerId) is { } refused) return new ChatPage([], null, refused);
        var page = await store.PageAsync(Id, after, limit + 1);
        var next = page.Count > limit ? new PageCursor(page[limit - 1].SentAt, page[limit - 1].Id) : null;
        return new ChatPage(page.Take(limit).ToList(), next);
    }

    public Task<ViewerCounts> GetViewersAsync() => Task.FromResult(Viewers);

    public async Task<RoomStats?> GetStatsAsync()
    {
        if (await StreamAsync() is null) return null;
        Sample(clock.GetUtcNow());
        var (messages, chatters) = await store.CountAsync(Id);
        return new RoomStats(Viewers.Current, _peak, AverageViewers, messages, chatters);
    }

    /// <summary>Messages committed (in commit order): kept for joiners and queued for the hosts.</summary>
    private void Committed(IReadOnlyList<ChatMessage> batch)
    {
        if (_screened.Count > 0) batch = [.. batch.Where(m => _screened.GetValueOrDefault(m.Id)?.Verdict != ScreenVerdict.Hold)];
        foreach (var m in batch)
        {
            _recent.AddLast(m);
            if (_recent.Count > _options.RecentMessages) _recent.RemoveFirst();
        }
        _figuresChanged = true;
        Deliver(batch);
    }

    /// <summary>Not found (or not visible to the user), ended, or members-only and the user not a member (nor a moderator).</summary>
    private async Task<ChatRefused?> RefuseViewerAsync(Guid userId)
    {
        if (await VisibleStreamAsync(userId) is not { } s) return NotFound();
        if (s.State == LiveState.Ended) return new ChatRefused(ChatRefusal.Ended, "the stream has ended.");
        return await MembershipRefusalAsync(userId);
    }

    /// <summary>Public and unlisted streams: anyone the owner does not block (either way); private ones: the owner. As the stream's GET.</summary>
    private async Task<LiveStreamView?> VisibleStreamAsync(Guid? viewerId)
    {
        if (await StreamAsync() is not { } s) return null;
        if (viewerId == s.OwnerId) return s;
        if (s.Visibility == Visibility.Private || s.Hidden) return null;
        return viewerId is { } viewer && await blockLists.BlockedAsync(s.OwnerId, viewer) ? null : s;
    }

    /// <summary>The stream's row; a room asked before its stream was created looks again.</summary>
    private async Task<LiveStreamView?> StreamAsync() => _stream ??= await streams.GetAsync(Id);

    private async Task<string> UsernameAsync(Guid userId)
    {
        if (_usernames.TryGet(userId, out var name)) return name;
        name = await GrainFactory.Ref<IUserGrain>(userId).GetUsernameAsync() ?? "";
        _usernames.AddOrUpdate(userId, name);
        return name;
    }

    private bool IsModerator(Guid userId) => userId == _stream?.OwnerId || _moderators.Contains(userId);

    private ChatRefused? Sanctioned(Guid userId, DateTimeOffset now)
    {
        if (!_sanctions.TryGetValue(userId, out var until)) return null;
        if (until is null) return Banned();
        if (until <= now) return null;
        return new ChatRefused(ChatRefusal.TimedOut, $"timed out for {Seconds(until.Value - now)} more s.", until.Value - now);
    }

    private static ChatRefused Banned() => new(ChatRefusal.Banned, "you are banned from this chat.");

    private static SendOutcome Refuse(ChatRefusal code, string reason, TimeSpan? retryAfter = null) => new(null, new ChatRefused(code, reason, retryAfter));

    private static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));
}
