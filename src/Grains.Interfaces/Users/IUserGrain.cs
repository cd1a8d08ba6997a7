using SocialFlow.Grains.Interfaces.Moderation;
namespace SocialFlow.Grains.Interfaces.Users;

/// <summary>
/// One account: credentials, sessions, two-factor, profile, preferences and counts.
/// Keyed by the user id. The single writer of that user's rows in PostgreSQL.
/// </summary>
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Creates the account. Fails with <see cref="RegisterOutcome.EmailTaken"/> or
    /// <see cref="RegisterOutcome.UsernameTaken"/> when PostgreSQL's unique indexes say so.</summary>
    Task<RegisterOutcome> RegisterAsync(RegisterCommand command);

    /// <summary>Checks the password (and second factor) and opens a session on success.</summary>
    Task<SignInResult> SignInAsync(SignInCommand command);

    /// <summary>Rotates a refresh token. Presenting an already rotated token revokes its whole session.</summary>
    Task<SignInResult> RefreshAsync(string refreshSecret, ClientInfo client);

    /// <summary>Revokes the session a refresh token belongs to. False when the token is not this user's.</summary>
    Task<bool> SignOutAsync(string refreshSecret);

    Task<IReadOnlyList<SessionInfo>> ListSessionsAsync();
    Task<bool> RevokeSessionAsync(Guid sessionId);
    Task<bool> IsSessionActiveAsync(Guid sessionId);

    /// <summary>Whether the session stands (not ended, account not disabled or suspended) and the account's roles now:
    /// the API host builds the request's roles from this answer, not from the token, so a role change counts at once.</summary>
    Task<SessionCheck> CheckSessionAsync(Guid sessionId);

    /// <summary>
    /// Replaces the account's roles (<see cref="AccountRoles"/>; "user" is always kept) in PostgreSQL and returns them;
    /// a change is one audit_log row (by <paramref name="by"/>, with <paramref name="reason"/>) in the same transaction.
    /// The change is announced to every API host (<see cref="AccountAnnouncements.Channel"/>), so the account's next request
    /// on any host carries the new roles; the sessions and their tokens go on.
    /// </summary>
    Task<IReadOnlyList<string>> SetRolesAsync(IReadOnlyList<string> roles, AuditActor by, string? reason = null);

    /// <summary>
    /// Sets the account's level of power: <see cref="AccountRoles.User"/>, <see cref="AccountRoles.Moderator"/> or
    /// <see cref="AccountRoles.Admin"/> (other roles, such as creator, are kept); as <see cref="SetRolesAsync"/>.
    /// </summary>
    Task<IReadOnlyList<string>> SetPowerAsync(string role, AuditActor by, string? reason = null);

    /// <summary>
    /// Warns, limits, suspends or lifts a limit or suspension until <paramref name="until"/> (null: for good); null when
    /// there is no account. Warn changes nothing here (moderation keeps the strike). A change is one audit_log row in the
    /// same transaction; a suspension also ends every session and the account's open live streams. Authorization is the
    /// caller's business.
    /// </summary>
    Task<AccountStatus?> SanctionAsync(AccountAction action, DateTimeOffset? until, AuditActor by, string reason);

    /// <summary>The account's standing now (a limit or suspension past its end has ended by itself); null when there is no
    /// account. From memory, interleaved: asked by content grains while this grain may be calling them.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<AccountStatus?> GetStatusAsync();

    /// <summary>For an admin: the account's private details and its active sessions, read in one audited step
    /// (one account.private_details_read row naming <paramref name="by"/>); null when there is no account.</summary>
    Task<AccountDetails?> ReadPrivateDetailsAsync(AuditActor by);

    Task<PrivateProfile?> GetPrivateProfileAsync();
    Task<PublicProfile?> GetPublicProfileAsync();

    /// <summary>From memory: for showing an owner or author next to their content (no counts, no database read).
    /// Interleaved, so a chat room that this grain's suspension ends can still ask it.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<string?> GetUsernameAsync();
    Task<PrivateProfile> UpdateProfileAsync(ProfilePatch patch);
    Task<UserPreferences> GetPreferencesAsync();
    Task<UserPreferences> SetPreferencesAsync(UserPreferences preferences);

    Task<bool> VerifyEmailAsync(string secret);
    Task ResendVerificationAsync();
    Task RequestPasswordResetAsync();
    Task<bool> ResetPasswordAsync(string secret, string newPassword);
    Task<PasswordChangeOutcome> ChangePasswordAsync(string currentPassword, string newPassword);

    Task<TotpSetup> BeginTotpAsync();
    Task<IReadOnlyList<string>?> ConfirmTotpAsync(string code);
    Task<TotpDisableOutcome> DisableTotpAsync(string password, string code);

    /// <summary>Creates the account for an OpenID Connect identity, linked to it, with a username derived from
    /// its claims (made unique) and a random password nobody knows. Its email counts as verified when the provider says so.</summary>
    Task<RegisterOutcome> RegisterExternalAsync(ExternalIdentity identity);

    /// <summary>Links an identity whose verified email equals this account's verified email.</summary>
    Task<ExternalLinkOutcome> LinkExternalLoginAsync(ExternalIdentity identity);

    /// <summary>Opens a session for an identity linked to this account. No password, and no TOTP: the provider
    /// authenticated the user, and the link was made by them or by a verified-email match on an account without TOTP.</summary>
    Task<SignInResult> SignInExternalAsync(string provider, string subject, ClientInfo client);
}
