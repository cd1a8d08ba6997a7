using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Interfaces.Accounts;

/// <summary>
/// One identity at an OpenID Connect provider, keyed by <see cref="ExternalLoginKey.Of"/>. Resolves it to an account
/// (the linked one, else a verified-email match, else a new account) and opens a session there.
/// One activation per identity, so two concurrent first sign-ins cannot create two accounts.
/// </summary>
public interface IExternalLoginGrain : IGrainWithStringKey
{
    Task<ExternalSignInResult> SignInAsync(ExternalIdentity identity, ClientInfo client);
}

public static class ExternalLoginKey
{
    /// <summary>Provider names never contain ':' (options validation), so the key splits unambiguously.</summary>
    public static string Of(string provider, string subject) => $"{provider}:{subject}";
}
