namespace SocialFlow.Cluster.Tests.Infrastructure;

/// <summary>
/// A like load's answers held against the likes PostgreSQL has afterwards. A pair is (video, user).
/// Acknowledged pairs must all be committed; failed ones may or may not be (their outcome was unknown);
/// a committed pair nobody sent would be a like from nowhere.
/// </summary>
public sealed class LikeLoadOutcome
{
    private readonly TimeSpan _killedAt;

    public LikeLoadOutcome(IReadOnlyList<LikeAttempt> attempts, IEnumerable<(Guid Video, Guid User)> alsoAcknowledged,
        IReadOnlySet<(Guid Video, Guid User)> committed, TimeSpan killedAt)
    {
        (Attempts, _killedAt) = (attempts, killedAt);
        var acknowledged = attempts.Where(a => a.Acknowledged).Select(Pair).Concat(alsoAcknowledged).ToHashSet();
        Failed = attempts.Where(a => !a.Acknowledged).ToList();
        var failed = Failed.Select(Pair).ToHashSet();
        Lost = acknowledged.Where(p => !committed.Contains(p)).ToList();
        Unasked = committed.Where(p => !acknowledged.Contains(p) && !failed.Contains(p)).ToList();
        FailedButCommitted = failed.Count(committed.Contains);
    }

    public IReadOnlyList<LikeAttempt> Attempts { get; }
    public IReadOnlyList<LikeAttempt> Failed { get; }

    /// <summary>Failures that are not the documented 503 with Retry-After: a 500, another status, or no answer.</summary>
    public IReadOnlyList<LikeAttempt> Unacceptable => Failed.Where(f => !f.RetryLater).ToList();

    public IReadOnlyList<(Guid Video, Guid User)> Lost { get; }
    public IReadOnlyList<(Guid Video, Guid User)> Unasked { get; }
    public int FailedButCommitted { get; }
    public int AcknowledgedAfterKill => Attempts.Count(a => a.Acknowledged && a.StartedAt > _killedAt);

    public string Summary()
    {
        var window = Failed.Count == 0 ? "no failures" :
            $"failed requests started {Since(Failed.Min(f => f.StartedAt))} to {Since(Failed.Max(f => f.StartedAt))} s "
            + $"and were answered by {Since(Failed.Max(f => f.EndedAt))} s after the kill";
        return $"attempted {Attempts.Count}, acknowledged {Attempts.Count(a => a.Acknowledged)}, failed {Failed.Count} "
            + $"(503 {Failed.Count(f => f.RetryLater)}), lost {Lost.Count}; {window}; failed but committed {FailedButCommitted}; "
            + $"acknowledged after the kill {AcknowledgedAfterKill}; acknowledged as already liked {Attempts.Count(a => a is { Acknowledged: true, Changed: false })}; "
            + $"slowest answer {Attempts.Max(a => a.Took).TotalSeconds:0.0} s";
    }

    public string FailureLog(int max = 100) =>
        $"failed requests ({Failed.Count}, first {Math.Min(max, Failed.Count)}):\n" + string.Join('\n', Failed.Take(max));

    private static (Guid Video, Guid User) Pair(LikeAttempt a) => (a.VideoId, a.UserId);

    private string Since(TimeSpan at) => Math.Round((at - _killedAt).TotalSeconds, 1) is var s && s != 0 ? s.ToString("+0.0;-0.0") : "0.0";
}
