using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Trending;

public sealed class TrendingOptions
{
    public const string Section = "SocialFlow:Trending";

    /// <summary>How often each silo's tally sends its partial counts to the window grains.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "SocialFlow:Trending:FlushInterval must be between 50 ms and 1 min.")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many (item, account, signal) marks a silo remembers to count each account once per item and window; when
    /// full the least recently used go (an account that keeps repeating itself stays remembered).
    /// </summary>
    [Range(1_000, 10_000_000, ErrorMessage = "SocialFlow:Trending:DistinctCapacity must be between 1000 and 10000000.")]
    public int DistinctCapacity { get; set; } = 200_000;

    /// <summary>The items of each kind a window grain keeps scores for; the lowest scores beyond it are pruned.</summary>
    [Range(100, 100_000, ErrorMessage = "SocialFlow:Trending:MaxItems must be between 100 and 100000.")]
    public int MaxItems { get; set; } = 2_000;

    /// <summary>How often a window grain writes its scores to PostgreSQL (when they changed).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "SocialFlow:Trending:SnapshotInterval must be between 1 s and 1 h.")]
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a silo's reader reuses a window's candidates before asking its grain again (while it asks, reads
    /// get the previous candidates: what trends is at most twice this old; zero asks for every read).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "SocialFlow:Trending:CandidatesTtl must be between 0 and 1 min.")]
    public TimeSpan CandidatesTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a window grain reuses its computed hashtag trends (they read a month of uses).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "SocialFlow:Trending:HashtagsRefresh must be between 0 and 1 h.")]
    public TimeSpan HashtagsRefresh { get; set; } = TimeSpan.FromSeconds(10);
}
