using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Interfaces.Accounts;

/// <summary>Finds account ids by email or username. Stateless; reads PostgreSQL.</summary>
public interface IAccountDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Resolves a login (an email when it contains '@', else a username).</summary>
    Task<Guid?> FindByLoginAsync(string login);
    Task<Guid?> FindByUsernameAsync(string username);
    Task<Guid?> FindByEmailAsync(string email);
    Task<Guid?> FindByExternalLoginAsync(string provider, string subject);

    /// <summary>A keyset page of accounts for the admin users console, filtered and ordered by <paramref name="query"/>.</summary>
    Task<AccountPage> ListAsync(AccountQuery query, Paging.PageCursor? after, int limit);

    /// <summary>
    /// The answer to a login that names no account: it spends what checking a password costs, then fails as a wrong
    /// password does, so neither the words nor the time tell whether the account exists. Interleaved: it holds no state.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<SignInResult> RefuseUnknownLoginAsync(string password);
}
