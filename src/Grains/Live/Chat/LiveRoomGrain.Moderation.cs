using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>Settings, moderators (appointed by the owner), deletions, time-outs and bans; each is stored before it is answered.</summary>
public sealed partial class LiveRoomGrain
{
    public async Task<ChatRefused?> SetSettingsAsync(Guid actorId, ChatSettings settings)
    {
        if (await ModeratorRefusalAsync(actorId) is { } refused) return refused;
        await store.SaveSettingsAsync(Id, settings);
        _settings = settings;
        return null;
    }

    public async Task<ChatRefused?> SetModeratorAsync(Guid actorId, Guid targetId, bool moderator)
    {
        if (await VisibleStreamAsync(actorId) is not { } s) return NotFound();
        if (actorId != s.OwnerId) return Forbidden("only the streamer appoints moderators.");
        if (targetId == s.OwnerId) return null; // the owner moderates anyway
        await store.SetModeratorAsync(Id, targetId, moderator);
        if (moderator) _moderators.Add(targetId);
        else _moderators.Remove(targetId);
        return null;
    }

    public Task<ChatRefused?> CheckModeratorAsync(Guid actorId) => ModeratorRefusalAsync(actorId);

    public async Task<ChatRefused?> DeleteMessageAsync(Guid actorId, Guid messageId)
    {
        if (await ModeratorRefusalAsync(actorId) is { } refused) return refused;
        if (!await store.MarkDeletedAsync(Id, messageId, actorId, clock.GetUtcNow()))
        {
            return new ChatRefused(ChatRefusal.NotFound, "the message does not exist.");
        }
        if (_recent.FirstOrDefault(m => m.Id == messageId) is { } kept) _recent.Remove(kept);
        _pins.RemoveAll(m => m.Id == messageId);
        _outbox.RemoveAll(m => m.Id == messageId);
        Notify(o => o.MessageDeleted(Id, messageId));
        return null;
    }

    public async Task<ChatRefused?> TimeOutAsync(Guid actorId, Guid targetId, TimeSpan duration)
    {
        if (await SanctionRefusalAsync(actorId, targetId) is { } refused) return refused;
        if (_sanctions.TryGetValue(targetId, out var current) && current is null) return null; // banned outranks
        var until = clock.GetUtcNow() + duration;
        await store.SanctionAsync(Id, targetId, until);
        _sanctions[targetId] = until;
        Notify(o => o.UserTimedOut(Id, targetId, until));
        return null;
    }

    public async Task<ChatRefused?> BanAsync(Guid actorId, Guid targetId)
    {
        if (await SanctionRefusalAsync(actorId, targetId) is { } refused) return refused;
        await store.SanctionAsync(Id, targetId, null);
        _sanctions[targetId] = null;
        _moderators.Remove(targetId);
        RemoveUser(targetId);
        Notify(o => o.UserBanned(Id, targetId));
        return null;
    }

    public async Task<ChatRefused?> UnbanAsync(Guid actorId, Guid targetId)
    {
        if (await ModeratorRefusalAsync(actorId) is { } refused) return refused;
        if (!_sanctions.ContainsKey(targetId)) return null;
        await store.LiftSanctionAsync(Id, targetId);
        _sanctions.Remove(targetId);
        return null;
    }

    private async Task<ChatRefused?> ModeratorRefusalAsync(Guid actorId)
    {
        if (await VisibleStreamAsync(actorId) is null) return NotFound();
        return IsModerator(actorId) ? null : Forbidden("only the streamer and their moderators may do this.");
    }

    /// <summary>The owner can never be sanctioned; a moderator only by the owner.</summary>
    private async Task<ChatRefused?> SanctionRefusalAsync(Guid actorId, Guid targetId)
    {
        if (await ModeratorRefusalAsync(actorId) is { } refused) return refused;
        if (targetId == _stream!.OwnerId) return Forbidden("the streamer cannot be timed out or banned.");
        if (_moderators.Contains(targetId) && actorId != _stream.OwnerId) return Forbidden("only the streamer can time out or ban a moderator.");
        return targetId == actorId ? Forbidden("you cannot sanction yourself.") : null;
    }

    private static ChatRefused NotFound() => new(ChatRefusal.NotFound, "the stream does not exist.");

    private static ChatRefused Forbidden(string reason) => new(ChatRefusal.Forbidden, reason);
}
