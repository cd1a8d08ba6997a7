using SocialFlow.Grains.Interfaces.Accounts;

namespace SocialFlow.Grains.Accounts;

/// <summary>One pending OpenID Connect sign-in, in memory. Single use because one activation answers one call at a time.</summary>
public sealed class OidcLoginGrain(TimeProvider clock) : Grain, IOidcLoginGrain
{
    private PendingOidcLogin? _login;
    private bool _started;

    public Task<bool> StartAsync(PendingOidcLogin login)
    {
        if (_started) return Task.FromResult(false);
        (_login, _started) = (login, true);
        // Idle collection must not drop the login before it expires.
        DelayDeactivation(login.ExpiresAt - clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        return Task.FromResult(true);
    }

    public Task<PendingOidcLogin?> TakeAsync()
    {
        var login = _login;
        _login = null;
        DeactivateOnIdle();
        return Task.FromResult(login is not null && login.ExpiresAt > clock.GetUtcNow() ? login : null);
    }
}
