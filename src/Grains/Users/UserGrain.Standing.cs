using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Users;

/// <summary>The account's standing: limits and suspensions, each until a time or for good, and what they end at once.</summary>
public sealed partial class UserGrain
{
    public async Task<AccountStatus?> SanctionAsync(AccountAction action, DateTimeOffset? until, AuditActor by, string reason)
    {
        if (_account is not { } account) return null;
        var now = clock.GetUtcNow();
        if (until <= now) throw new ArgumentException("A sanction must end in the future (null: for good).", nameof(until));
        var end = until ?? AccountStore.ForGood;
        var (suspended, limited) = (Standings.InForce(account.SuspendedUntil, now), Standings.InForce(account.LimitedUntil, now));
        (DateTimeOffset? Suspended, DateTimeOffset? Limited)? next = action switch
        {
            AccountAction.Suspend when account.SuspendedUntil != end || !suspended => (end, limited ? account.LimitedUntil : null),
            AccountAction.Unsuspend when suspended => (null, limited ? account.LimitedUntil : null),
            AccountAction.Limit when account.LimitedUntil != end || !limited => (suspended ? account.SuspendedUntil : null, end),
            AccountAction.Unlimit when limited => (suspended ? account.SuspendedUntil : null, null),
            _ => null, // a warning, or nothing would change: nothing to write or audit
        };
        if (next is not { } standing) return Standings.StatusOf(account, now);

        var endSessions = action == AccountAction.Suspend;
        await store.SetStandingAsync(UserId, standing.Suspended, standing.Limited, endSessions, new AuditEntry(by, AuditActions.AccountSanctioned,
            "user", UserId.ToString(), reason, new { username = account.Username, action = ActionName(action), until }));
        (account.SuspendedUntil, account.LimitedUntil) = standing;
        if (endSessions) _activeSessions = [];
        // Before the answer: this silo's content grains and every API host forget the account's standing and sessions.
        await standings.ChangedAsync(UserId);
        if (endSessions) await EndLiveStreamsAsync();
        return Standings.StatusOf(account, now);
    }

    public Task<AccountStatus?> GetStatusAsync() =>
        Task.FromResult(_account is { } account ? Standings.StatusOf(account, clock.GetUtcNow()) : null);

    public async Task<AccountDetails?> ReadPrivateDetailsAsync(AuditActor by)
    {
        if (_account is not { } account) return null;
        var sessions = await store.ReadPrivateDetailsAsync(UserId, new AuditEntry(by, AuditActions.PrivateDetailsRead, "user", UserId.ToString(), null,
            new { username = account.Username }));
        return new AccountDetails(UserId, account.Username, state.State.DisplayName, account.Email, account.EmailVerified, account.TotpSecret is not null,
            account.Roles, Standings.StatusOf(account, clock.GetUtcNow()), account.CreatedAt, sessions.Count == 0 ? null : sessions.Max(s => s.LastUsedAt), sessions);
    }

    private bool Suspended(AccountRow account) => Standings.InForce(account.SuspendedUntil, clock.GetUtcNow());

    private static SignInResult SuspendedResult(AccountRow account) => SignInResult.Suspended(Standings.Finite(account.SuspendedUntil));

    /// <summary>Live or scheduled streams end with the suspension; a stream's grain answers null when it is not ours.</summary>
    private async Task EndLiveStreamsAsync()
    {
        foreach (var id in await liveStreams.OpenStreamIdsOfOwnerAsync(UserId))
        {
            await GrainFactory.Ref<ILiveStreamGrain>(id).EndAsync(UserId);
        }
    }

    private static string ActionName(AccountAction action) => action switch
    {
        AccountAction.Warn => "warn",
        AccountAction.Limit => "limit",
        AccountAction.Unlimit => "unlimit",
        AccountAction.Suspend => "suspend",
        _ => "unsuspend",
    };
}
