using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "SocialFlow:Notifications";

    /// <summary>How long a push waits before it is sent, so that a burst (likes on one video) becomes one push with the group's latest state.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PushDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most one notification email per user per interval; what comes meanwhile goes out as one digest.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan EmailDigestInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often items with new likes are reflected in their owners' notifications (likes within it become one
    /// bump). 3 s: under the like benchmark 1 s cost about 0.04 of the like ratio, 3 s nothing measurable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "00:01:00")]
    public TimeSpan LikeInterval { get; set; } = TimeSpan.FromSeconds(3);

    [Range(1, 100_000)]
    public int LikeBatch { get; set; } = 2000;

    [Range(typeof(TimeSpan), "00:00:00.020", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay; doubled per attempt. Also the lease of a claimed delivery.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 30)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Followers per statement when a new post or video is announced to them.</summary>
    [Range(10, 10_000)]
    public int FanoutBatch { get; set; } = 1000;

    /// <summary>How long applied event ids are kept for dedupe (events are redelivered only until acknowledged).</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan AppliedEventRetention { get; set; } = TimeSpan.FromDays(2);
}
