namespace SocialFlow.Grains.Users;

/// <summary>The user's row of the accounts table, as the grain holds it in memory.</summary>
public sealed class AccountRow
{
    public required Guid Id { get; init; }
    public required string Email { get; set; }
    public required string Username { get; set; }
    public required string PasswordHash { get; set; }
    public bool EmailVerified { get; set; }
    public string[] Roles { get; set; } = ["user"];
    public string? TotpSecret { get; set; }
    public string? TotpPendingSecret { get; set; }
    public long? TotpLastStep { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The profile's display name as copied to the accounts table (for the admin console's search).</summary>
    public string? DisplayName { get; set; }

    /// <summary>Null: not suspended; <see cref="AccountStore.ForGood"/> or later: for good (PostgreSQL's 'infinity').</summary>
    public DateTimeOffset? SuspendedUntil { get; set; }

    /// <summary>As <see cref="SuspendedUntil"/>, for a limit.</summary>
    public DateTimeOffset? LimitedUntil { get; set; }
}
