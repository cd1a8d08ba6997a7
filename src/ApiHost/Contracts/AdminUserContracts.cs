using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>The API's spelling of an account's standing: active, limited or suspended.</summary>
public static class StandingNames
{
    public static readonly string[] All = ["active", "limited", "suspended"];

    public static string Of(AccountStanding standing) => standing switch
    {
        AccountStanding.Limited => "limited",
        AccountStanding.Suspended => "suspended",
        _ => "active",
    };
}

/// <summary>`GET /admin/users`: one account. until: when the limit or suspension ends (null: for good, or active).</summary>
public sealed record AdminUserResponse(
    Guid Id, string Username, string? DisplayName, string Email, IReadOnlyList<string> Roles, string Status, DateTimeOffset? Until,
    DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, int Strikes)
{
    public static AdminUserResponse From(AccountSummary a) =>
        new(a.Id, a.Username, a.DisplayName, a.Email, a.Roles, StandingNames.Of(a.Status.Standing), a.Status.Until, a.CreatedAt, a.LastSeenAt, a.Strikes);
}

/// <summary>`GET /admin/users/{username}`: the account's private details and active sessions (each read is audited).</summary>
public sealed record AdminUserDetailsResponse(
    Guid Id, string Username, string? DisplayName, string Email, bool EmailVerified, bool TwoFactor, IReadOnlyList<string> Roles,
    string Status, DateTimeOffset? Until, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, IReadOnlyList<AdminSessionResponse> Sessions,
    int Strikes, int ReportsAgainst, int ReportsBy)
{
    public static AdminUserDetailsResponse From(AccountDetails d, ModerationRecord record) => new(d.Id, d.Username, d.DisplayName, d.Email,
        d.EmailVerified, d.TwoFactor, d.Roles, StandingNames.Of(d.Status.Standing), d.Status.Until, d.CreatedAt, d.LastSeenAt,
        [.. d.Sessions.Select(s => new AdminSessionResponse(s.Id, s.UserAgent, s.IpAddress, s.CreatedAt, s.LastUsedAt))],
        record.Strikes, record.ReportsAgainst, record.ReportsBy);
}

/// <summary>An active session: the device (its user agent), the address it signed in from, when it was last used.</summary>
public sealed record AdminSessionResponse(Guid Id, string? Device, string? IpAddress, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt);
