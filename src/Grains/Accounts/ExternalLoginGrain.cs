using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Accounts;

/// <summary>
/// Resolves one OpenID Connect identity to an account. Holds no state: being one activation per identity
/// is what it is for (two first sign-ins of the same person cannot both create an account).
/// The user grains do every write.
/// </summary>
public sealed class ExternalLoginGrain : Grain, IExternalLoginGrain
{
    public async Task<ExternalSignInResult> SignInAsync(ExternalIdentity identity, ClientInfo client)
    {
        if (this.GetPrimaryKeyString() != ExternalLoginKey.Of(identity.Provider, identity.Subject))
        {
            throw new ArgumentException("The identity does not match this grain's key.", nameof(identity));
        }
        var directory = GrainFactory.Ref<IAccountDirectoryGrain>(0);
        // A second round when another identity with the same email created or linked the account between our reads.
        for (var round = 0; round < 2; round++)
        {
            if (await directory.FindByExternalLoginAsync(identity.Provider, identity.Subject) is { } linked)
            {
                return await OpenSessionAsync(linked, identity, client, created: false);
            }
            if (identity.Email is null) return ExternalSignInResult.Failed(ExternalSignInStatus.EmailRequired);

            if (await directory.FindByEmailAsync(identity.Email) is { } owner)
            {
                var link = await GrainFactory.Ref<IUserGrain>(owner).LinkExternalLoginAsync(identity);
                if (link == ExternalLinkOutcome.Linked) return await OpenSessionAsync(owner, identity, client, created: false);
                if (link is ExternalLinkOutcome.LinkedElsewhere or ExternalLinkOutcome.NoAccount) continue;
                return ExternalSignInResult.Failed(ExternalSignInStatus.AccountExists, link);
            }

            var id = Guid.CreateVersion7();
            var outcome = await GrainFactory.Ref<IUserGrain>(id).RegisterExternalAsync(identity);
            if (outcome == RegisterOutcome.Created) return await OpenSessionAsync(id, identity, client, created: true);
        }
        return ExternalSignInResult.Failed(ExternalSignInStatus.Conflict);
    }

    private async Task<ExternalSignInResult> OpenSessionAsync(Guid userId, ExternalIdentity identity, ClientInfo client, bool created)
    {
        var session = await GrainFactory.Ref<IUserGrain>(userId).SignInExternalAsync(identity.Provider, identity.Subject, client);
        return session.Status switch
        {
            SignInStatus.Succeeded => new ExternalSignInResult(ExternalSignInStatus.Succeeded, userId, session, created),
            SignInStatus.Disabled => ExternalSignInResult.Failed(ExternalSignInStatus.Disabled),
            SignInStatus.Suspended => new ExternalSignInResult(ExternalSignInStatus.Suspended, userId, session), // the session carries until when
            _ => ExternalSignInResult.Failed(ExternalSignInStatus.Conflict),
        };
    }
}
