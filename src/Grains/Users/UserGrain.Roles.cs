using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Users;

public sealed partial class UserGrain
{
    public async Task<IReadOnlyList<string>> SetRolesAsync(IReadOnlyList<string> roles, AuditActor by, string? reason = null)
    {
        var account = RequireAccount();
        if (roles.FirstOrDefault(r => !AccountRoles.All.Contains(r)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a role.", nameof(roles));
        }
        string[] next = [AccountRoles.User, .. roles.Where(r => r != AccountRoles.User).Distinct().Order(StringComparer.Ordinal)];
        if (next.SequenceEqual(account.Roles)) return next; // nothing changes, nothing to audit
        await store.SetRolesAsync(UserId, next, new AuditEntry(by, AuditActions.RoleChanged, "user", UserId.ToString(), reason,
            new { username = account.Username, from = account.Roles, to = next }));
        account.Roles = next;
        // Every API host forgets its cached answer, so the account's next request carries the new roles.
        await standings.ChangedAsync(UserId);
        return next;
    }

    public Task<IReadOnlyList<string>> SetPowerAsync(string role, AuditActor by, string? reason = null)
    {
        if (!AccountRoles.Levels.Contains(role)) throw new ArgumentException($"'{role}' is not a level of power.", nameof(role));
        var account = RequireAccount();
        return SetRolesAsync([.. account.Roles.Where(r => !AccountRoles.Levels.Contains(r)), role], by, reason);
    }

    /// <summary>Asked on every request of an account with a privileged role, so it answers from memory after the first call.</summary>
    public async Task<SessionCheck> CheckSessionAsync(Guid sessionId) =>
        await IsSessionActiveAsync(sessionId) ? new SessionCheck(true, _account!.Roles) : SessionCheck.Ended;
}
