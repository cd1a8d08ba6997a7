using System.ComponentModel.DataAnnotations;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>The API host's limits of the live hub; read from the live chat section, where the key has always been.</summary>
public sealed class LiveHubOptions : IValidatableObject
{
    public const string Section = "SocialFlow:LiveChat";

    /// <summary>Rooms one SignalR connection may be in at once.</summary>
    [Range(1, 100, ErrorMessage = "SocialFlow:LiveChat:MaxRoomsPerConnection must be between 1 and 100.")]
    public int MaxRoomsPerConnection { get; set; } = 10;

    /// <summary>
    /// When this host hands a room's messages to its connections later than this after the room accepted them, the
    /// room refuses sends with slow_down for <see cref="SlowDownRetryAfter"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00", ErrorMessage = "SocialFlow:LiveChat:SlowDownDelay must be between 1 ms and 1 min.")]
    public TimeSpan SlowDownDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "SocialFlow:LiveChat:SlowDownRetryAfter must be between 100 ms and 1 min.")]
    public TimeSpan SlowDownRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A message older than this (since the room accepted it) is no longer pushed to a connection; it stays in the history.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "SocialFlow:LiveChat:MaxDeliveryDelay must be between 10 ms and 10 min.")]
    public TimeSpan MaxDeliveryDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>
    /// Least time between two chat pushes of one room on this host: the first message after a quiet spell goes at once,
    /// later ones wait and go together. Zero pushes every batch the room sends as soon as it comes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01", ErrorMessage = "SocialFlow:LiveChat:PushInterval must be between 0 and 1 s.")]
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Messages kept for one connection while its previous push is still being sent; past this the oldest are dropped.
    /// A memory bound: batches grow under load, so it must hold several (MaxDeliveryDelay thins a slow connection first).
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "SocialFlow:LiveChat:ConnectionBacklog must be between 1 and 100000.")]
    public int ConnectionBacklog { get; set; } = 1000;

    /// <summary>
    /// Bytes SignalR buffers for one /hubs/live connection before a push waits: its TransportMaxBufferSize, the
    /// server-to-client pipe (ApplicationMaxBufferSize is the other direction, despite its name).
    /// </summary>
    [Range(1024, 1 << 24, ErrorMessage = "SocialFlow:LiveChat:SendBufferBytes must be between 1 KiB and 16 MiB.")]
    public int SendBufferBytes { get; set; } = 16 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (SlowDownDelay >= MaxDeliveryDelay)
        {
            yield return new ValidationResult("SocialFlow:LiveChat:SlowDownDelay must be shorter than MaxDeliveryDelay.", [nameof(SlowDownDelay)]);
        }
        if (PushInterval >= SlowDownDelay)
        {
            yield return new ValidationResult("SocialFlow:LiveChat:PushInterval must be shorter than SlowDownDelay.", [nameof(PushInterval)]);
        }
    }
}
