using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Engagement.GroupCommit;

public sealed class EngagementOptions
{
    public const string Section = "SocialFlow:Engagement";

    /// <summary>Repeated views of an item by the same viewer within this window count once.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "SocialFlow:Engagement:ViewWindow must be between 1 s and 7 days.")]
    public TimeSpan ViewWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The most facts one group commit carries; the rest wait for the next batch.</summary>
    [Range(1, 100_000, ErrorMessage = "SocialFlow:Engagement:MaxBatch must be between 1 and 100000.")]
    public int MaxBatch { get; set; } = 4096;

    /// <summary>
    /// Batches committing at once, each on its own connection. 1 (one after another, each as large as what queued while
    /// the last one committed) was clearly fastest on a 2-core machine shared with PostgreSQL; more may pay off with a
    /// remote database and idle cores.
    /// </summary>
    [Range(1, 16, ErrorMessage = "SocialFlow:Engagement:MaxBatchesInFlight must be between 1 and 16.")]
    public int MaxBatchesInFlight { get; set; } = 1;

    /// <summary>How often expired view de-duplication rows are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "SocialFlow:Engagement:PruneInterval must be between 1 s and 1 day.")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The least time between two counter pushes of one item to its watchers.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "SocialFlow:Engagement:PushInterval must be between 50 ms and 1 min.")]
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
