namespace SocialFlow.Grains.Live.Chat;

/// <summary>
/// Per-user send times of one room: the rate limit (N messages per window, everyone) and slow mode (one message per
/// N seconds, owner and moderators exempt). Check and record happen in one grain turn, so concurrent sends of one user
/// cannot both pass.
/// </summary>
public sealed class ChatRates(int messages, TimeSpan window)
{
    private sealed class Sender
    {
        public readonly Queue<DateTimeOffset> InWindow = new();
        public DateTimeOffset Last;
    }

    private readonly Dictionary<Guid, Sender> _senders = [];

    /// <summary>Null (and recorded) when the user may send now; otherwise which limit refused and how long to wait.</summary>
    public (bool SlowMode, TimeSpan Wait)? TryRecord(Guid userId, DateTimeOffset now, TimeSpan slowMode)
    {
        if (!_senders.TryGetValue(userId, out var s)) _senders[userId] = s = new Sender { Last = DateTimeOffset.MinValue };
        while (s.InWindow.Count > 0 && s.InWindow.Peek() + window <= now) s.InWindow.Dequeue();
        if (slowMode > TimeSpan.Zero && s.Last != DateTimeOffset.MinValue && s.Last + slowMode > now) return (true, s.Last + slowMode - now);
        if (s.InWindow.Count >= messages) return (false, s.InWindow.Peek() + window - now);
        s.InWindow.Enqueue(now);
        s.Last = now;
        return null;
    }

    /// <summary>Forgets users who sent nothing within <paramref name="horizon"/> (the longer of the window and slow mode).</summary>
    public void Prune(DateTimeOffset now, TimeSpan horizon)
    {
        foreach (var (user, s) in _senders.ToList())
        {
            if (s.Last + horizon <= now) _senders.Remove(user);
        }
    }
}
