using SocialFlow.Grains.Infrastructure.Email;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Users;

/// <summary>The texts of the account emails. Links carry one-time tokens; only their hashes are stored.</summary>
public static class AccountEmails
{
    public static OutboxEmail Verification(AccountRow account, string baseUrl, string token) => new(
        "verify_email", account.Email, "Confirm your SocialFlow email address",
        $"""
        Hello {account.Username},

        Confirm your email address by opening this link:
        {baseUrl.TrimEnd('/')}/verify-email?token={Uri.EscapeDataString(token)}

        Or send this token to POST /api/v1/auth/verify-email: {token}

        If you did not create a SocialFlow account, ignore this message.
        """);

    public static OutboxEmail PasswordReset(AccountRow account, string baseUrl, string token) => new(
        "reset_password", account.Email, "Reset your SocialFlow password",
        $"""
        Hello {account.Username},

        Someone asked to reset the password of your account. To choose a new one, open:
        {baseUrl.TrimEnd('/')}/reset-password?token={Uri.EscapeDataString(token)}

        Or send this token to POST /api/v1/auth/reset-password: {token}

        The link works once and expires within an hour. If it was not you, ignore this message.
        """);

    public static OutboxEmail NewSignIn(AccountRow account, ClientInfo client, DateTimeOffset at) => new(
        "new_sign_in", account.Email, "New sign-in to your SocialFlow account",
        $"""
        Hello {account.Username},

        Your account was just signed in to from a new device.
        IP address: {client.IpAddress ?? "unknown"}
        Device: {client.UserAgent ?? "unknown"}
        Time (UTC): {at.UtcDateTime:yyyy-MM-dd HH:mm}

        If this was not you, change your password and end your other sessions.
        """);
}
