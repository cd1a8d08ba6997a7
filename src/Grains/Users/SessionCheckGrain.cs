using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Users;

[StatelessWorker]
[Reentrant]
public sealed class SessionCheckGrain(AccountStore store) : Grain, ISessionCheckGrain
{
    public async Task<SessionCheck> CheckAsync(Guid userId, Guid sessionId) =>
        await store.ActiveSessionRolesAsync(userId, sessionId) is { } roles ? new SessionCheck(true, roles) : SessionCheck.Ended;
}
