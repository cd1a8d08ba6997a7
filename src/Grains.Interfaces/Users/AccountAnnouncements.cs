namespace SocialFlow.Grains.Interfaces.Users;

/// <summary>
/// The Redis channel on which an account's change is announced (payload: the user id): a session ended, its roles or
/// its standing changed. Every API host's session cache and every silo's copy of account standings forget the account
/// on receipt. Announced by the user grain (silo side) and by API endpoints that end sessions.
/// </summary>
public static class AccountAnnouncements
{
    public const string Channel = "socialflow:sessions-ended";
}
