using SocialFlow.Grains.Infrastructure.Security;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Users;

public sealed partial class UserGrain
{
    public async Task<bool> VerifyEmailAsync(string secret)
    {
        if (_account is null || !OpaqueToken.TryParse(secret, out var token) || token.UserId != UserId) return false;
        if (!await store.VerifyEmailAsync(UserId, token.Hash())) return false;
        _account.EmailVerified = true;
        return true;
    }

    public async Task ResendVerificationAsync()
    {
        var account = RequireAccount();
        if (account.EmailVerified) return;
        var token = OpaqueToken.Create(UserId);
        await store.IssueAccountTokenAsync(UserId, "verify_email", token.Hash(), _options.VerificationTokenLifetime,
            AccountEmails.Verification(account, _options.PublicBaseUrl, token.Value));
    }

    public async Task RequestPasswordResetAsync()
    {
        if (_account is null) return;
        var token = OpaqueToken.Create(UserId);
        await store.IssueAccountTokenAsync(UserId, "reset_password", token.Hash(), _options.ResetTokenLifetime,
            AccountEmails.PasswordReset(_account, _options.PublicBaseUrl, token.Value));
    }

    public async Task<bool> ResetPasswordAsync(string secret, string newPassword)
    {
        if (_account is null || !OpaqueToken.TryParse(secret, out var token) || token.UserId != UserId) return false;
        var hash = await PasswordHasher.HashAsync(newPassword);
        if (!await store.SetPasswordAsync(UserId, hash, token.Hash(), revokeSessions: true)) return false;
        _account.PasswordHash = hash;
        _activeSessions = [];
        return true;
    }

    public async Task<PasswordChangeOutcome> ChangePasswordAsync(string currentPassword, string newPassword)
    {
        var account = RequireAccount();
        if (!await PasswordHasher.VerifyAsync(account.PasswordHash, currentPassword)) return PasswordChangeOutcome.WrongPassword;
        var hash = await PasswordHasher.HashAsync(newPassword);
        // Other devices keep their sessions: the user proved the old password here. A reset ends them all.
        await store.SetPasswordAsync(UserId, hash, resetTokenHash: null, revokeSessions: false);
        account.PasswordHash = hash;
        return PasswordChangeOutcome.Changed;
    }

    public async Task<TotpSetup> BeginTotpAsync()
    {
        var account = RequireAccount();
        if (account.TotpSecret is not null) return new TotpSetup(true, null, null);
        var secret = TotpCodes.NewSecret();
        await store.SetTotpPendingAsync(UserId, secret);
        account.TotpPendingSecret = secret;
        return new TotpSetup(false, secret, TotpCodes.OtpAuthUri(secret, account.Username));
    }

    public async Task<IReadOnlyList<string>?> ConfirmTotpAsync(string code)
    {
        var account = RequireAccount();
        if (account.TotpSecret is not null || account.TotpPendingSecret is null) return null;
        if (!TotpCodes.TryVerify(account.TotpPendingSecret, code.Trim(), null, out var step)) return null;
        var codes = TotpCodes.NewRecoveryCodes();
        await store.EnableTotpAsync(UserId, account.TotpPendingSecret, step, codes.Select(TotpCodes.HashRecoveryCode));
        (account.TotpSecret, account.TotpPendingSecret, account.TotpLastStep) = (account.TotpPendingSecret, null, step);
        return codes;
    }

    public async Task<TotpDisableOutcome> DisableTotpAsync(string password, string code)
    {
        var account = RequireAccount();
        if (account.TotpSecret is null) return TotpDisableOutcome.NotEnabled;
        if (!await PasswordHasher.VerifyAsync(account.PasswordHash, password)) return TotpDisableOutcome.WrongPassword;
        if (!await CheckSecondFactorAsync(account, code)) return TotpDisableOutcome.WrongCode;
        await store.DisableTotpAsync(UserId);
        (account.TotpSecret, account.TotpPendingSecret, account.TotpLastStep) = (null, null, null);
        return TotpDisableOutcome.Disabled;
    }
}
