using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Live.Chat;

/// <summary>Limits and timings of live chat rooms. Presence and observer leases are <see cref="ObserverLeaseOptions"/>;
/// the rooms a connection may join are the API host's (LiveHubOptions, same section).</summary>
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

    /// <summary>New messages are delivered to the hosts in one batch per interval.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01", ErrorMessage = "SocialFlow:LiveChat:DeliveryInterval must be between 1 ms and 1 s.")]
    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The room's housekeeping tick: expired presence drops, and viewer counts are pushed at most this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "SocialFlow:LiveChat:ViewersInterval must be between 100 ms and 1 min.")]
    public TimeSpan ViewersInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often changed figures are saved, and the stream's state re-read (in case an end notice was lost).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "SocialFlow:LiveChat:SaveInterval must be between 1 s and 1 h.")]
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a member's badge (or its absence) is reused for their next messages in a room: a membership that
    /// starts or ends shows on the sender's messages within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "SocialFlow:LiveChat:BadgeCacheDuration must be between 100 ms and 10 min.")]
    public TimeSpan BadgeCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a paid message stays pinned, by the tip's amount (minor units, any currency, as the tip limits): the entry
    /// with the highest amount not above the tip's applies; below the lowest the message is highlighted but not pinned.
    /// Keys: amounts; values: durations (<c>SocialFlow:LiveChat:TipPins:500 = 00:02:00</c>). Empty: <see cref="DefaultTipPins"/>.
    /// </summary>
    public Dictionary<long, TimeSpan> TipPins { get; set; } = [];

    public static readonly IReadOnlyDictionary<long, TimeSpan> DefaultTipPins = new Dictionary<long, TimeSpan>
    {
        [100] = TimeSpan.FromSeconds(30), [500] = TimeSpan.FromMinutes(2), [2000] = TimeSpan.FromMinutes(5), [10_000] = TimeSpan.FromMinutes(15),
    };

    /// <summary>The pin of a tip of <paramref name="amount"/>; null: not pinned.</summary>
    public TimeSpan? PinFor(long amount)
    {
        var pins = TipPins.Count > 0 ? TipPins : DefaultTipPins;
        return pins.Where(p => p.Key <= amount).OrderByDescending(p => p.Key).Select(p => (TimeSpan?)p.Value).FirstOrDefault();
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (JoinHistory > RecentMessages)
        {
            yield return new ValidationResult("SocialFlow:LiveChat:JoinHistory must not exceed RecentMessages.", [nameof(JoinHistory)]);
        }
        foreach (var (amount, _) in TipPins.Where(p => p.Key < 1 || p.Value <= TimeSpan.Zero || p.Value > TimeSpan.FromDays(1)))
        {
            yield return new ValidationResult(
                $"SocialFlow:LiveChat:TipPins:{amount} must be an amount of at least 1 with a duration above 0 and at most 1 day.", [nameof(TipPins)]);
        }
    }
}
