using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Feeds;

public sealed class FeedOptions
{
    public const string Section = "SocialFlow:Feeds";

    /// <summary>The newest items a feed keeps (in memory and in feed_entries); older ones are trimmed when it loads.</summary>
    [Range(10, 10_000, ErrorMessage = "SocialFlow:Feeds:Window must be between 10 and 10000.")]
    public int Window { get; set; } = 800;

    /// <summary>
    /// Authors with more followers than this are not pushed into their followers' feeds: each feed merges their recent
    /// items when it is read. A push costs about 0.04 ms per follower on the 2-core benchmark machine (10,000 followers
    /// in ~0.4 s), so 10,000 keeps a push well inside a second.
    /// </summary>
    [Range(0, 10_000_000, ErrorMessage = "SocialFlow:Feeds:PushThreshold must be between 0 and 10000000.")]
    public long PushThreshold { get; set; } = 10_000;

    /// <summary>Followers read, stored and notified per step of a fan-out.</summary>
    [Range(1, 10_000, ErrorMessage = "SocialFlow:Feeds:FanoutBatch must be between 1 and 10000.")]
    public int FanoutBatch { get; set; } = 1000;

    /// <summary>Feed grain calls in flight at once per fan-out.</summary>
    [Range(1, 1024, ErrorMessage = "SocialFlow:Feeds:FanoutParallelism must be between 1 and 1024.")]
    public int FanoutParallelism { get; set; } = 128;

    /// <summary>
    /// How long a feed trusts its copy of the viewer's blocks, mutes and followed large accounts. Graph events refresh it
    /// at once, so this is only the safety net for an account crossing the push threshold.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "SocialFlow:Feeds:GraphRefresh must be between 100 ms and 1 h.")]
    public TimeSpan GraphRefresh { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a silo reuses an item's rendered card (text, title, counts, and whether it may still be shown). Removals
    /// reach loaded windows by push at once; this bounds how stale counts and edits are, and how long an item whose
    /// removal was not pushed yet may still show.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "SocialFlow:Feeds:CardTtl must be between 0 and 10 min.")]
    public TimeSpan CardTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a feed reuses its rendered first page while nothing was pushed to or removed from it (at most
    /// <see cref="CardTtl"/>): a page may be this much older than its cards. Active readers reload their first page
    /// several times a second; rendering it again each time was a tenth of a home-feed read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "SocialFlow:Feeds:FirstPageReuse must be between 0 and 1 min.")]
    public TimeSpan FirstPageReuse { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a silo reuses the recent items of an author above the push threshold.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "SocialFlow:Feeds:PulledItemsTtl must be between 0 and 10 min.")]
    public TimeSpan PulledItemsTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A stored window older than this is rebuilt from the graph when it loads.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "SocialFlow:Feeds:RebuildAfter must be between 0 and 365 days.")]
    public TimeSpan RebuildAfter { get; set; } = TimeSpan.FromDays(7);
}
