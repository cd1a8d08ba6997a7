using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Accounts;

/// <summary>How the admin users console orders accounts: newest first, most recently seen first, by username, most
/// strikes in force first, or by status (suspended, then limited, then active; newest first within each).</summary>
public enum AccountSort { Created, LastSeen, Username, Strikes, Status }

/// <summary>The admin console's filter: Text matches username, email or display name (case-insensitive substring);
/// Role, a role held; Standing, the standing now. Null: any.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountQuery(
    [property: Id(0)] string? Text,
    [property: Id(1)] string? Role,
    [property: Id(2)] AccountStanding? Standing,
    [property: Id(3)] AccountSort Sort);

/// <summary>One account in the admin console's list. LastSeenAt: the newest use of any of its sessions; Strikes: those
/// in force (not reversed).</summary>
[GenerateSerializer, Immutable]
public sealed record AccountSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Username,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] string Email,
    [property: Id(4)] IReadOnlyList<string> Roles,
    [property: Id(5)] AccountStatus Status,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? LastSeenAt,
    [property: Id(8)] int Strikes);

[GenerateSerializer, Immutable]
public sealed record AccountPage([property: Id(0)] IReadOnlyList<AccountSummary> Items, [property: Id(1)] PageCursor? Next);
