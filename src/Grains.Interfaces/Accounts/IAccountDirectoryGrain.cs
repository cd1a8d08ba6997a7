namespace SocialFlow.Grains.Interfaces.Accounts;

/// <summary>Finds account ids by email or username. Stateless; reads PostgreSQL.</summary>
public interface IAccountDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Resolves a login (an email when it contains '@', else a username).</summary>
    Task<Guid?> FindByLoginAsync(string login);
    Task<Guid?> FindByUsernameAsync(string username);
    Task<Guid?> FindByEmailAsync(string email);
    Task<Guid?> FindByExternalLoginAsync(string provider, string subject);
}
