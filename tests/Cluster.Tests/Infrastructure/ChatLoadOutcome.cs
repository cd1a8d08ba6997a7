namespace SocialFlow.Cluster.Tests.Infrastructure;

/// <summary>A live_chat_messages row.</summary>
public sealed record ChatRow(Guid Id, Guid StreamId, Guid UserId, string Text, DateTimeOffset SentAt);

/// <summary>
/// A chat load's answers held against the rows PostgreSQL has afterwards. Acknowledged messages must all be stored as
/// answered (id, room, author, text, time); failed ones may or may not be (their outcome was unknown); a row whose text
/// nobody sent to that room, or a text stored twice, would be a message from nowhere.
/// </summary>
public sealed class ChatLoadOutcome
{
    private readonly TimeSpan _killedAt;

    public ChatLoadOutcome(IReadOnlyList<ChatAttempt> attempts, IReadOnlyList<ChatRow> committed, TimeSpan killedAt)
    {
        (Attempts, _killedAt) = (attempts, killedAt);
        var rows = committed.ToDictionary(r => r.Id);
        var sent = attempts.ToDictionary(a => a.Text);
        Failed = attempts.Where(a => !a.Acknowledged).ToList();
        Lost = attempts.Where(a => a.Acknowledged && !(rows.TryGetValue(a.MessageId!.Value, out var r)
            && r.StreamId == a.StreamId && r.UserId == a.UserId && r.Text == a.Text && r.SentAt == a.SentAt)).ToList();
        Unasked = committed.Where(r => !(sent.TryGetValue(r.Text, out var a) && a.StreamId == r.StreamId && a.UserId == r.UserId))
            .Concat(committed.GroupBy(r => r.Text).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1))).ToList();
        var texts = committed.Select(r => r.Text).ToHashSet();
        FailedButCommitted = Failed.Count(f => texts.Contains(f.Text));
    }

    public IReadOnlyList<ChatAttempt> Attempts { get; }
    public IReadOnlyList<ChatAttempt> Failed { get; }

    /// <summary>Failures that are not the documented 503 with Retry-After: a 500, a 429, another status, or no answer.</summary>
    public IReadOnlyList<ChatAttempt> Unacceptable => Failed.Where(f => !f.RetryLater).ToList();

    /// <summary>Acknowledged messages missing from PostgreSQL, or stored otherwise than answered.</summary>
    public IReadOnlyList<ChatAttempt> Lost { get; }

    /// <summary>Rows with a text never sent (to that room, by that user), and second rows of one text.</summary>
    public IReadOnlyList<ChatRow> Unasked { get; }

    public int FailedButCommitted { get; }

    public string Summary()
    {
        var window = Failed.Count == 0 ? "no failures" :
            $"failed requests started {Since(Failed.Min(f => f.StartedAt))} to {Since(Failed.Max(f => f.StartedAt))} s "
            + $"and were answered by {Since(Failed.Max(f => f.EndedAt))} s after the kill";
        return $"attempted {Attempts.Count}, acknowledged {Attempts.Count(a => a.Acknowledged)}, failed {Failed.Count} "
            + $"(503 {Failed.Count(f => f.RetryLater)}), lost {Lost.Count}; {window}; failed but committed {FailedButCommitted}; "
            + $"slowest answer {Attempts.Max(a => a.Took).TotalSeconds:0.0} s";
    }

    public string FailureLog(int max = 100) =>
        $"failed requests ({Failed.Count}, first {Math.Min(max, Failed.Count)}):\n" + string.Join('\n', Failed.Take(max));

    private string Since(TimeSpan at) => Math.Round((at - _killedAt).TotalSeconds, 1) is var s && s != 0 ? s.ToString("+0.0;-0.0") : "0.0";
}
