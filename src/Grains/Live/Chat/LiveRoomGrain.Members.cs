using BitFaster.Caching.Lru;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>
/// Memberships and money in the room. Members-only streams: the content gate decides at every join and send (never
/// cached here: it asks the viewer's subscriber grain), and a rule change sends away the present viewers it excludes.
/// Badges: the sender's tier, reused for BadgeCacheDuration. Paid messages: prepared with their order, posted once when
/// paid (the message's id is the payment's), pinned for a time that grows with the amount.
/// </summary>
public sealed partial class LiveRoomGrain
{
    private readonly ConcurrentTLru<Guid, BadgeEntry> _badges = new(10_000, options.Value.BadgeCacheDuration);
    private List<ChatMessage> _pins = [];

    private sealed record BadgeEntry(MemberBadge? Badge);

    public async Task<ChatRefused?> PrepareTipAsync(Guid paymentId, Guid buyerId, Guid recipientId, string? text)
    {
        if (await RefuseViewerAsync(buyerId) is { } refused) return refused;
        if (_stream!.OwnerId != recipientId) return Forbidden("a tip in this chat goes to the stream's streamer: target_id must be theirs.");
        if (Sanctioned(buyerId, clock.GetUtcNow()) is { } sanction) return sanction;
        text = text?.Trim() ?? "";
        if (text.Length == 0) return new ChatRefused(ChatRefusal.Empty, "the message is empty.");
        if (text.EnumerateRunes().Count() > _options.MaxMessageLength)
        {
            return new ChatRefused(ChatRefusal.TooLong, $"a message has at most {_options.MaxMessageLength} characters.");
        }
        // A paid message is not held for review after the money moved: words this chat holds are refused before the charge.
        if ((await screen.ScreenAsync(text)).Verdict == ScreenVerdict.Hold) return Forbidden("the message has words this chat does not allow.");
        await store.SaveTipAsync(paymentId, Id, buyerId, text, PostgresTime.Now(clock));
        return null;
    }

    public async Task<ChatMessage?> PostTipAsync(Guid paymentId, long amount, string currency)
    {
        if (await store.TipAsync(paymentId) is not { } tip || tip.StreamId != Id || await StreamAsync() is not { } stream) return null;
        var now = clock.GetUtcNow();
        // Paid after the stream ended (a bank's late answer): kept in the replay, not pinned.
        DateTimeOffset? pinnedUntil = _options.PinFor(amount) is { } pin && stream.State != LiveState.Ended ? PostgresTime.Of(now + pin) : null;
        var message = new ChatMessage(paymentId, Id, tip.BuyerId, await UsernameAsync(tip.BuyerId), tip.Text, PostgresTime.Of(now),
            await BadgeAsync(tip.BuyerId), new ChatTip(amount, currency, pinnedUntil));
        if (!await store.PostTipAsync(message)) return null;
        _recent.AddLast(message);
        if (_recent.Count > _options.RecentMessages) _recent.RemoveFirst();
        if (pinnedUntil is not null) _pins.Add(message);
        _figuresChanged = true;
        Deliver([message]);
        return message;
    }

    /// <summary>The rule is read from its grain, not the gate's copy: this may run before the change reached this silo's copy.</summary>
    public async Task AccessChangedAsync()
    {
        if (await StreamAsync() is not { State: not LiveState.Ended }) return;
        var rule = await GrainFactory.Ref<IContentAccessGrain>(Id).GetRuleAsync();
        if (rule.Free) return;
        var users = _viewers.Keys.Where(u => !IsModerator(u)).ToList();
        var decisions = await Task.WhenAll(users.Select(u => GrainFactory.Ref<ISubscriberGrain>(u).AccessAsync(rule, watching: false)));
        for (var i = 0; i < users.Count; i++)
        {
            if (decisions[i].Verdict != AccessVerdict.Allowed) Evict(users[i]);
        }
    }

    /// <summary>Moderators (and the streamer) chat in their room whatever its rule.</summary>
    private async Task<ChatRefused?> MembershipRefusalAsync(Guid? userId)
    {
        if (userId is { } user && IsModerator(user)) return null;
        var access = await gate.CheckAsync(Id, userId);
        return access.Verdict == AccessVerdict.Allowed ? null
            : new ChatRefused(ChatRefusal.MembershipRequired, $"this stream is for members of the streamer's tiers of rank {access.MinRank} or above.", Access: access);
    }

    /// <summary>The user leaves the audience, and their connections the room.</summary>
    private void Evict(Guid userId)
    {
        RemoveUser(userId);
        Notify(o => o.AccessRevoked(Id, userId));
    }

    private async Task<MemberBadge?> BadgeAsync(Guid userId)
    {
        if (_badges.TryGet(userId, out var known)) return known.Badge;
        var badge = await GrainFactory.Ref<ISubscriberGrain>(userId).BadgeAsync(_stream!.OwnerId);
        _badges.AddOrUpdate(userId, new BadgeEntry(badge));
        return badge;
    }

    private IReadOnlyList<ChatMessage> PinnedNow()
    {
        var now = clock.GetUtcNow();
        return [.. _pins.Where(m => m.Tip?.PinnedUntil > now)];
    }
}
