namespace SocialFlow.Grains.Interfaces.Users;

/// <summary>
/// Checks a session in PostgreSQL, where the account's grain writes every change before it answers (sign-in, sign-out,
/// revocation, roles, suspension, disabling), without activating that grain: an authenticated request that needs
/// nothing else of the account (most of them) then costs one prepared statement, not an activation reading the
/// account's row, its sessions and its profile. Stateless, key 0.
/// </summary>
public interface ISessionCheckGrain : IGrainWithIntegerKey
{
    /// <summary>The same answer as <see cref="IUserGrain.CheckSessionAsync"/>.</summary>
    Task<SessionCheck> CheckAsync(Guid userId, Guid sessionId);
}
