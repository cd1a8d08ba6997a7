using SocialFlow.Grains.Infrastructure.Security;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Users;

public sealed partial class UserGrain
{
    public async Task<SignInResult> SignInAsync(SignInCommand command)
    {
        if (_account is null)
        {
            await Task.Run(() => PasswordHasher.VerifyAgainstNothing(command.Password));
            return SignInResult.Failed(SignInStatus.InvalidCredentials);
        }
        if (!await PasswordHasher.VerifyAsync(_account.PasswordHash, command.Password))
        {
            return SignInResult.Failed(SignInStatus.InvalidCredentials);
        }
        if (_account.TotpSecret is not null)
        {
            if (string.IsNullOrWhiteSpace(command.TotpCode)) return SignInResult.Failed(SignInStatus.TotpRequired);
            if (!await CheckSecondFactorAsync(_account, command.TotpCode)) return SignInResult.Failed(SignInStatus.InvalidTotp);
        }
        if (_account.DisabledAt is not null) return SignInResult.Failed(SignInStatus.Disabled);
        if (Suspended(_account)) return SuspendedResult(_account);
        return await OpenSessionAsync(_account, command.Client);
    }

    /// <summary>Opens a session for a user who proved who they are; a new device gets a sign-in notice by email.</summary>
    private async Task<SignInResult> OpenSessionAsync(AccountRow account, ClientInfo client)
    {
        var sessions = await store.ListActiveSessionsAsync(UserId);
        var knownDevice = sessions.Any(s => s.IpAddress == client.IpAddress && s.UserAgent == client.UserAgent);
        var sessionId = Guid.CreateVersion7();
        var token = OpaqueToken.Create(UserId);
        // Roles come from PostgreSQL, the source of truth, whenever a token is issued: a change made there counts from here on.
        account.Roles = await store.CreateSessionAsync(UserId, sessionId, token.Hash(), client, _options.SessionLifetime, _options.MaxSessions,
            knownDevice ? null : AccountEmails.NewSignIn(account, client, clock.GetUtcNow()));
        _activeSessions = null;
        return Issued(sessionId, token);
    }

    public async Task<SignInResult> RefreshAsync(string refreshSecret, ClientInfo client)
    {
        if (_account is null || !OpaqueToken.TryParse(refreshSecret, out var presented) || presented.UserId != UserId)
        {
            return SignInResult.Failed(SignInStatus.InvalidCredentials);
        }
        // Before the rotation, so the token is not spent: the suspension ended the session anyway.
        if (Suspended(_account)) return SuspendedResult(_account);
        var next = OpaqueToken.Create(UserId);
        var (outcome, sessionId, roles) = await store.RotateRefreshTokenAsync(UserId, presented.Hash(), next.Hash(), _options.SessionLifetime);
        switch (outcome)
        {
            case AccountStore.RotateOutcome.Rotated when _account.DisabledAt is null:
                _account.Roles = roles;
                return Issued(sessionId, next);
            case AccountStore.RotateOutcome.Reused:
                _activeSessions?.Remove(sessionId);
                return SignInResult.Failed(SignInStatus.TokenReused);
            default:
                return SignInResult.Failed(SignInStatus.InvalidCredentials);
        }
    }

    public async Task<bool> SignOutAsync(string refreshSecret)
    {
        if (!OpaqueToken.TryParse(refreshSecret, out var token) || token.UserId != UserId) return false;
        var sessionId = await store.RevokeSessionOfTokenAsync(UserId, token.Hash(), "signed_out");
        if (sessionId is { } id) _activeSessions?.Remove(id);
        return sessionId is not null;
    }

    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync() =>
        _account is null ? [] : await store.ListActiveSessionsAsync(UserId);

    public async Task<bool> RevokeSessionAsync(Guid sessionId)
    {
        var revoked = await store.RevokeSessionAsync(UserId, sessionId, "revoked_by_user");
        _activeSessions?.Remove(sessionId);
        return revoked;
    }

    /// <summary>Asked on every authenticated request, so it answers from memory after the first call.</summary>
    public async Task<bool> IsSessionActiveAsync(Guid sessionId)
    {
        if (_account is null || _account.DisabledAt is not null || Suspended(_account)) return false;
        _activeSessions ??= [.. (await store.ListActiveSessionsAsync(UserId)).Select(s => s.Id)];
        return _activeSessions.Contains(sessionId);
    }

    private SignInResult Issued(Guid sessionId, OpaqueToken refreshToken)
    {
        _activeSessions?.Add(sessionId);
        return new SignInResult(SignInStatus.Succeeded, sessionId, refreshToken.Value, _account!.Username, _account.Roles);
    }

    private async Task<bool> CheckSecondFactorAsync(AccountRow account, string code)
    {
        code = code.Trim();
        if (TotpCodes.TryVerify(account.TotpSecret!, code, account.TotpLastStep, out var step))
        {
            account.TotpLastStep = step;
            await store.SetTotpLastStepAsync(UserId, step);
            return true;
        }
        return TotpCodes.LooksLikeRecoveryCode(code) && await store.ConsumeRecoveryCodeAsync(UserId, TotpCodes.HashRecoveryCode(code));
    }
}
