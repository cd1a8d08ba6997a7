using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>
/// <c>SocialFlow.ApiHost grant-role &lt;username&gt; &lt;user|moderator|admin&gt;</c>: sets an account's level of power from
/// the operator's shell, which is how a deployment gets its first admin (<c>make admin USER=name</c>). It runs as an
/// Orleans client of the running backend, read from the same configuration as the API host, so the user's grain sees
/// the change at once and announces it to every API host (the account's next request carries the new role); the audit
/// log records it with no actor (the command line).
/// </summary>
public static class RoleCommand
{
    public const string Name = "grant-role";

    /// <summary>0 done, 2 no such account, 64 bad usage; <paramref name="settings"/> override the configuration (tests).</summary>
    public static async Task<int> RunAsync(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        if (args is not [Name, var username, var role] || !AccountRoles.Levels.Contains(role))
        {
            await Console.Error.WriteLineAsync($"usage: SocialFlow.ApiHost {Name} <username> <{string.Join('|', AccountRoles.Levels)}>");
            return 64;
        }
        return await ClusterClientCommand.RunAsync(settings, async grains =>
        {
            if (await grains.UserIdOfAsync(username) is not { } userId)
            {
                await Console.Error.WriteLineAsync($"There is no account named '{username}'.");
                return 2;
            }
            var roles = await grains.Ref<IUserGrain>(userId).SetPowerAsync(role, AuditActor.CommandLine, "set from the command line");
            Console.WriteLine($"{username}: {string.Join(", ", roles)} (from the account's next request)");
            return 0;
        });
    }
}
