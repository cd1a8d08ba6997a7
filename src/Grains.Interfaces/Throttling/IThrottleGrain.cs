namespace SocialFlow.Grains.Interfaces.Throttling;

/// <summary>
/// A cluster-wide counter of events in a sliding window, keyed by what is throttled
/// (e.g. "login-ip:127.0.0.1"). Held in memory only: a restart forgets it, which is acceptable for throttling.
/// </summary>
public interface IThrottleGrain : IGrainWithStringKey
{
    /// <summary>Records one event if under the limit; otherwise says how long until the next is allowed.</summary>
    Task<ThrottleDecision> TryAcquireAsync(int limit, TimeSpan window);

    /// <summary>Says whether the limit is reached, without recording anything.</summary>
    Task<ThrottleDecision> CheckAsync(int limit, TimeSpan window);

    /// <summary>Records one event unconditionally (e.g. a failed login).</summary>
    Task RecordAsync();

    Task ResetAsync();
}

[GenerateSerializer, Immutable]
public sealed record ThrottleDecision([property: Id(0)] bool Allowed, [property: Id(1)] TimeSpan RetryAfter)
{
    public static readonly ThrottleDecision Allow = new(true, TimeSpan.Zero);
}
