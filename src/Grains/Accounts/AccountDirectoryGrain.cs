using Orleans.Concurrency;
using SocialFlow.Grains.Infrastructure.Security;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Accounts;

[StatelessWorker]
[Reentrant]
public sealed class AccountDirectoryGrain(AccountStore accounts, AdminUsersReadModel adminUsers) : Grain, IAccountDirectoryGrain
{
    public Task<Guid?> FindByLoginAsync(string login) =>
        login.Contains('@') ? FindByEmailAsync(login) : FindByUsernameAsync(login);

    public Task<Guid?> FindByUsernameAsync(string username) => accounts.IdByUsernameAsync(username);

    public Task<Guid?> FindByEmailAsync(string email) => accounts.IdByEmailAsync(email);

    public Task<Guid?> FindByExternalLoginAsync(string provider, string subject) => accounts.IdByExternalLoginAsync(provider, subject);

    public Task<AccountPage> ListAsync(AccountQuery query, PageCursor? after, int limit) => adminUsers.PageAsync(query, after, PageLimit.Clamp(limit));

    public async Task<SignInResult> RefuseUnknownLoginAsync(string password)
    {
        await Task.Run(() => PasswordHasher.VerifyAgainstNothing(password));
        return SignInResult.Failed(SignInStatus.InvalidCredentials);
    }
}
