using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Interfaces;

/// <summary>
/// The lease of everything an API host keeps registered with a grain: its observers (counters, notifications, live
/// rooms) and its live-room viewers' presence. The grains drop a registration not renewed within <see cref="Lease"/>,
/// so a host that died leaves no observer or ghost viewer behind; the hosts renew every <see cref="Renewal"/>. Read by
/// both sides, so it lives with the contracts.
/// </summary>
public sealed class ObserverLeaseOptions : IValidatableObject
{
    public const string Section = "SocialFlow:ObserverLease";

    /// <summary>A registration not renewed within this time drops out.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "SocialFlow:ObserverLease:Lease must be between 1 s and 1 h.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an API host renews its registrations.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:30:00", ErrorMessage = "SocialFlow:ObserverLease:Renewal must be between 200 ms and 30 min.")]
    public TimeSpan Renewal { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>At most half the lease: one late or failed renewal must not drop a host that is alive.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Renewal * 2 > Lease)
        {
            yield return new ValidationResult("SocialFlow:ObserverLease:Renewal must be at most half of Lease.", [nameof(Renewal)]);
        }
    }
}
