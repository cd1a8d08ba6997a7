namespace SocialFlow.Grains.Interfaces.Accounts;

/// <summary>
/// A sign-in sent to an OpenID Connect provider and not yet back, keyed by the SHA-256 (hex) of its
/// state value. Held in memory only: it lives minutes, and if its silo dies the user simply starts again.
/// </summary>
public interface IOidcLoginGrain : IGrainWithStringKey
{
    /// <summary>False when this state was already used to start a login.</summary>
    Task<bool> StartAsync(PendingOidcLogin login);

    /// <summary>Returns the login once; afterwards, or once expired, null.</summary>
    Task<PendingOidcLogin?> TakeAsync();
}

[GenerateSerializer, Immutable]
public sealed record PendingOidcLogin(
    [property: Id(0)] string Provider,
    [property: Id(1)] string Nonce,
    [property: Id(2)] string CodeVerifier,
    [property: Id(3)] DateTimeOffset ExpiresAt);
