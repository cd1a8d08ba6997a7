using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>Limits and timings of live chat rooms (silo side) and of the API hosts' presence renewal.</summary>
public sealed class LiveChatOptions : IValidatableObject
{
    public const string Section = "SocialFlow:LiveChat";

    /// <summary>The longest message, in characters (Unicode scalars), after trimming.</summary>
    [Range(1, 10_000, ErrorMessage = "SocialFlow:LiveChat:MaxMessageLength must be between 1 and 10000.")]
    public int MaxMessageLength { get; set; } = 500;

    /// <summary>At most this many messages per user within <see cref="RateWindow"/>.</summary>
    [Range(1, 1000, ErrorMessage = "SocialFlow:LiveChat:RateMessages must be between 1 and 1000.")]
    public int RateMessages { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "SocialFlow:LiveChat:RateWindow must be between 100 ms and 1 h.")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages a room keeps in memory (the join history comes from them).</summary>
    [Range(1, 10_000, ErrorMessage = "SocialFlow:LiveChat:RecentMessages must be between 1 and 10000.")]
    public int RecentMessages { get; set; } = 200;

    /// <summary>Messages a joining viewer receives.</summary>
    [Range(0, 10_000, ErrorMessage = "SocialFlow:LiveChat:JoinHistory must be between 0 and 10000.")]
    public int JoinHistory { get; set; } = 50;

    /// <summary>A presence (and a host's observer) not renewed within this time drops out: crashed clients and hosts leave no ghosts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "SocialFlow:LiveChat:PresenceTimeout must be between 1 s and 1 h.")]
    public TimeSpan PresenceTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an API host renews its connections' presence (well within <see cref="PresenceTimeout"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:30:00", ErrorMessage = "SocialFlow:LiveChat:PresenceRenewal must be between 200 ms and 30 min.")]
    public TimeSpan PresenceRenewal { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>New messages are delivered to the hosts in one batch per interval.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01", ErrorMessage = "SocialFlow:LiveChat:DeliveryInterval must be between 1 ms and 1 s.")]
    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The room's housekeeping tick: expired presence drops, and viewer counts are pushed at most this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "SocialFlow:LiveChat:ViewersInterval must be between 100 ms and 1 min.")]
    public TimeSpan ViewersInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often changed figures are saved, and the stream's state re-read (in case an end notice was lost).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "SocialFlow:LiveChat:SaveInterval must be between 1 s and 1 h.")]
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rooms one SignalR connection may be in at once.</summary>
    [Range(1, 100, ErrorMessage = "SocialFlow:LiveChat:MaxRoomsPerConnection must be between 1 and 100.")]
    public int MaxRoomsPerConnection { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (PresenceRenewal * 2 > PresenceTimeout)
        {
            yield return new ValidationResult("SocialFlow:LiveChat:PresenceRenewal must be at most half of PresenceTimeout.", [nameof(PresenceRenewal)]);
        }
        if (JoinHistory > RecentMessages)
        {
            yield return new ValidationResult("SocialFlow:LiveChat:JoinHistory must not exceed RecentMessages.", [nameof(JoinHistory)]);
        }
    }
}
