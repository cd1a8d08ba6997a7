namespace SocialFlow.Grains.Interfaces.Users;

/// <summary>The roles an account may hold. Every account holds <see cref="User"/>.</summary>
public static class AccountRoles
{
    public const string User = "user", Creator = "creator", Moderator = "moderator", Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { User, Creator, Moderator, Admin };

    /// <summary>The levels of power <c>PUT /admin/users/{username}/role</c> sets: one of them, the others removed.</summary>
    public static readonly IReadOnlyList<string> Levels = [User, Moderator, Admin];

    /// <summary>Roles with power over other people's things: an account or token holding one is checked against the
    /// account on every request, so that revoking it takes effect at once.</summary>
    public static readonly IReadOnlySet<string> Privileged = new HashSet<string>(StringComparer.Ordinal) { Moderator, Admin };

    /// <summary>Whether <paramref name="roles"/> holds a privileged role (a loop: it runs on every request).</summary>
    public static bool AnyPrivileged(IReadOnlyList<string> roles)
    {
        for (var i = 0; i < roles.Count; i++)
        {
            if (roles[i] is Moderator or Admin) return true;
        }
        return false;
    }
}
