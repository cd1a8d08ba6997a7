namespace SocialFlow.Grains.Interfaces.Users;

[GenerateSerializer, Immutable]
public sealed record RegisterCommand(
    [property: Id(0)] string Email,
    [property: Id(1)] string Username,
    [property: Id(2)] string Password,
    [property: Id(3)] string? DisplayName);

public enum RegisterOutcome { Created, EmailTaken, UsernameTaken, AlreadyExists }

[GenerateSerializer, Immutable]
public sealed record ClientInfo(
    [property: Id(0)] string? IpAddress,
    [property: Id(1)] string? UserAgent);

[GenerateSerializer, Immutable]
public sealed record SignInCommand(
    [property: Id(0)] string Password,
    [property: Id(1)] string? TotpCode,
    [property: Id(2)] ClientInfo Client);

public enum SignInStatus { Succeeded, InvalidCredentials, TotpRequired, InvalidTotp, TokenReused, Disabled, Suspended }

/// <summary>What a successful sign-in or refresh yields; the API host mints the access token from it.</summary>
[GenerateSerializer, Immutable]
public sealed record SignInResult(
    [property: Id(0)] SignInStatus Status,
    [property: Id(1)] Guid SessionId = default,
    [property: Id(2)] string? RefreshToken = null,
    [property: Id(3)] string? Username = null,
    [property: Id(4)] IReadOnlyList<string>? Roles = null,
    [property: Id(5)] DateTimeOffset? SuspendedUntil = null)
{
    public bool Succeeded => Status == SignInStatus.Succeeded;
    public static SignInResult Failed(SignInStatus status) => new(status);

    /// <summary>Refused because the account is suspended, until <paramref name="until"/> (null: for good).</summary>
    public static SignInResult Suspended(DateTimeOffset? until) => new(SignInStatus.Suspended, SuspendedUntil: until);
}

/// <summary>The answer to "may this session make a request, and with which roles": the account's roles now.</summary>
[GenerateSerializer, Immutable]
public sealed record SessionCheck([property: Id(0)] bool Active, [property: Id(1)] IReadOnlyList<string> Roles)
{
    public static SessionCheck Ended { get; } = new(false, []);

    /// <summary>Holds a role with power over others' things: such an answer is never cached.</summary>
    public bool Privileged => AccountRoles.AnyPrivileged(Roles);
}

[GenerateSerializer, Immutable]
public sealed record SessionInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset LastUsedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string? IpAddress,
    [property: Id(5)] string? UserAgent);

public enum PasswordChangeOutcome { Changed, WrongPassword }

public enum TotpDisableOutcome { Disabled, NotEnabled, WrongPassword, WrongCode }

[GenerateSerializer, Immutable]
public sealed record TotpSetup(
    [property: Id(0)] bool AlreadyEnabled,
    [property: Id(1)] string? Secret,
    [property: Id(2)] string? OtpAuthUri);

/// <summary>An account as an admin sees it: private details, standing and active sessions (reading it is audited).</summary>
[GenerateSerializer, Immutable]
public sealed record AccountDetails(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Username,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] string Email,
    [property: Id(4)] bool EmailVerified,
    [property: Id(5)] bool TwoFactor,
    [property: Id(6)] IReadOnlyList<string> Roles,
    [property: Id(7)] Moderation.AccountStatus Status,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? LastSeenAt,
    [property: Id(10)] IReadOnlyList<SessionInfo> Sessions);
