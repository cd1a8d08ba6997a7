using Microsoft.Extensions.Logging;
using SocialFlow.Grains.Infrastructure.Caching;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;
using StackExchange.Redis;

namespace SocialFlow.Grains.Users;

/// <summary>
/// This silo's copies of accounts' standings, so that content grains and directories can hide a suspended (or, from
/// discovery, a limited) account's things without a grain call per check. The user grain whose roles or standing
/// change calls <see cref="AnnouncedCache{TValue}.ChangedAsync"/>; its channel, <see cref="AccountAnnouncements.Channel"/>,
/// is the one the API hosts' session caches hear too. A sanction that ends by its time needs no announcement: each
/// check compares its end with the clock.
/// </summary>
public sealed class AccountStandings(IGrainFactory grains, IConnectionMultiplexer redis, TimeProvider clock, ILogger<AccountStandings> logger)
    : AnnouncedCache<AccountStatus>(AccountAnnouncements.Channel, redis, clock, logger)
{
    private static readonly AccountStatus Active = new(AccountStanding.Active, null, null);

    /// <summary>Suspended now: the account's profile and content are hidden from everyone else.</summary>
    public async ValueTask<bool> SuspendedAsync(Guid accountId) => IsSuspended(await GetAsync(accountId), Clock.GetUtcNow());

    /// <summary>Left out of discovery now (public lists, hashtags, live now, non-followers' feeds): limited or suspended.</summary>
    public async ValueTask<bool> HiddenFromDiscoveryAsync(Guid accountId)
    {
        var (s, now) = (await GetAsync(accountId), Clock.GetUtcNow());
        return IsSuspended(s, now) || (s.Standing == AccountStanding.Limited && InForce(s.Until, now)) || s.LimitedUntil > now;
    }

    protected override async Task<AccountStatus> LoadAsync(Guid accountId) => await grains.Ref<IUserGrain>(accountId).GetStatusAsync() ?? Active;

    private static bool IsSuspended(AccountStatus s, DateTimeOffset now) => s.Standing == AccountStanding.Suspended && InForce(s.Until, now);

    /// <summary>A sanction with this end is in force at <paramref name="now"/>: for good (no end) or ending later.</summary>
    private static bool InForce(DateTimeOffset? until, DateTimeOffset now) => until is not { } end || end > now;
}
