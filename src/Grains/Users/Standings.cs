using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Users;

/// <summary>An account row's standing at a time, as <see cref="AccountStatus"/> spells it.</summary>
public static class Standings
{
    /// <summary>A sanction ending at <paramref name="until"/> holds at <paramref name="now"/>: a past end means it ended by itself.</summary>
    public static bool InForce(DateTimeOffset? until, DateTimeOffset now) => until > now;

    /// <summary>Null for "for good", as the API spells it.</summary>
    public static DateTimeOffset? Finite(DateTimeOffset? until) => until >= AccountStore.ForGood ? null : until;

    /// <summary>Suspended outranks limited; LimitedUntil also says when a limit under a suspension ends.</summary>
    public static AccountStatus StatusOf(AccountRow a, DateTimeOffset now)
    {
        var limitedUntil = InForce(a.LimitedUntil, now) ? Finite(a.LimitedUntil) : null;
        if (InForce(a.SuspendedUntil, now)) return new AccountStatus(AccountStanding.Suspended, Finite(a.SuspendedUntil), limitedUntil);
        if (InForce(a.LimitedUntil, now)) return new AccountStatus(AccountStanding.Limited, limitedUntil, limitedUntil);
        return new AccountStatus(AccountStanding.Active, null, null);
    }
}
