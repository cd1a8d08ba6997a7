using System.Buffers.Text;
using System.Security.Cryptography;
using SocialFlow.Grains.Infrastructure.Security;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Users;

/// <summary>Accounts that sign in through an OpenID Connect provider.</summary>
public sealed partial class UserGrain
{
    public async Task<RegisterOutcome> RegisterExternalAsync(ExternalIdentity identity)
    {
        if (_account is not null) return RegisterOutcome.AlreadyExists;
        var email = identity.Email ?? throw new ArgumentException("An external account needs an email address.", nameof(identity));
        // Nobody knows this password; the user may set one through the password reset email.
        var passwordHash = await PasswordHasher.HashAsync(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));
        var outcome = RegisterOutcome.UsernameTaken;
        foreach (var username in UsernameCandidates.For(identity))
        {
            var account = new AccountRow
            {
                Id = UserId,
                Email = email,
                Username = username,
                PasswordHash = passwordHash,
                EmailVerified = identity.EmailVerified,
                CreatedAt = clock.GetUtcNow(),
            };
            outcome = await store.InsertExternalAsync(account, identity, identity.EmailVerified ? null : NewVerification(account));
            if (outcome == RegisterOutcome.UsernameTaken) continue;
            if (outcome != RegisterOutcome.Created) return outcome;
            _account = account;
            await InitializeProfileAsync(UsernameCandidates.DisplayName(identity) ?? username);
            return outcome;
        }
        return outcome;
    }

    public async Task<ExternalLinkOutcome> LinkExternalLoginAsync(ExternalIdentity identity)
    {
        if (_account is null) return ExternalLinkOutcome.NoAccount;
        // Both sides must have proved the address: an unverified local account may have been registered by
        // someone else in the owner's name, waiting for the owner to sign in with their provider (pre-account takeover).
        var sameVerifiedEmail = identity.EmailVerified && _account.EmailVerified
            && string.Equals(identity.Email, _account.Email, StringComparison.OrdinalIgnoreCase);
        if (!sameVerifiedEmail) return ExternalLinkOutcome.EmailNotVerified;
        if (_account.TotpSecret is not null) return ExternalLinkOutcome.TwoFactorEnabled;
        return await store.LinkExternalAsync(UserId, identity);
    }

    public async Task<SignInResult> SignInExternalAsync(string provider, string subject, ClientInfo client)
    {
        if (_account is null || !await store.HasExternalLoginAsync(UserId, provider, subject))
        {
            return SignInResult.Failed(SignInStatus.InvalidCredentials);
        }
        if (_account.DisabledAt is not null) return SignInResult.Failed(SignInStatus.Disabled);
        if (Suspended(_account)) return SuspendedResult(_account);
        return await OpenSessionAsync(_account, client);
    }

    private AccountStore.Verification NewVerification(AccountRow account)
    {
        var token = OpaqueToken.Create(UserId);
        return new(token.Hash(), _options.VerificationTokenLifetime, AccountEmails.Verification(account, _options.PublicBaseUrl, token.Value));
    }
}
