using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Infrastructure.Events;

public sealed class EventOptions
{
    public const string Section = "SocialFlow:Events";

    /// <summary>
    /// How long a published event waits for its consumer's acknowledgement before it is published again. Doubles with
    /// each further attempt (up to 32 times), so an event whose consumer keeps failing does not churn.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00", ErrorMessage = "SocialFlow:Events:Lease must be between 200 ms and 1 h.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The dispatcher waits for a NOTIFY; this is its fallback poll (and how soon lapsed leases are seen).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "SocialFlow:Events:PollInterval must be between 50 ms and 1 min.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A silo's dispatcher claims at most this often while its batches are not full (a full one is followed by the next
    /// claim at once): a stream of commits is gathered into batches rather than claimed a few rows at a time. The first
    /// event after a quiet spell is claimed at once. 50 ms, not 10: the handlers' group reads and writes share a
    /// statement across the events of a batch, so larger batches cost less a post (ingest at 400 posts/s: lag p99
    /// 1.4–1.6 s in four runs, 1.1–3.7 s in three at 10 ms; session 42), for at most 50 ms more under a steady stream.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01", ErrorMessage = "SocialFlow:Events:ClaimInterval must be between 0 and 1 s.")]
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The most events one claim takes; a full batch is followed by the next claim at once.</summary>
    [Range(1, 10_000, ErrorMessage = "SocialFlow:Events:MaxBatch must be between 1 and 10000.")]
    public int MaxBatch { get; set; } = 256;

    /// <summary>
    /// Published events awaiting acknowledgement, cluster-wide, above which no dispatcher claims more (a soft cap:
    /// dispatchers claiming at the same moment may each add a batch).
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "SocialFlow:Events:MaxInFlight must be between 1 and 1000000.")]
    public int MaxInFlight { get; set; } = 4096;

    /// <summary>Delivered rows are deleted once this old.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00", ErrorMessage = "SocialFlow:Events:Retention must be between 1 s and 365 days.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
