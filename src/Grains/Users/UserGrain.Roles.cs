using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Users;

public sealed partial class UserGrain
{
    public async Task<IReadOnlyList<string>> SetRolesAsync(IReadOnlyList<string> roles)
    {
        var account = RequireAccount();
        if (roles.FirstOrDefault(r => !AccountRoles.All.Contains(r)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a role.", nameof(roles));
        }
        string[] next = [AccountRoles.User, .. roles.Where(r => r != AccountRoles.User).Distinct().Order(StringComparer.Ordinal)];
        await store.SetRolesAsync(UserId, next);
        // From here on IsSessionAuthorizedAsync refuses a token that claims a role the account lost.
        account.Roles = next;
        return next;
    }

    /// <summary>Asked on every request that carries a privileged role, so it answers from memory after the first call.</summary>
    public async Task<bool> IsSessionAuthorizedAsync(Guid sessionId, IReadOnlyList<string> roles) =>
        await IsSessionActiveAsync(sessionId) && roles.All(r => _account!.Roles.Contains(r));
}
