namespace SocialFlow.Grains.Interfaces.Users;

/// <summary>Who an OpenID Connect provider says signed in, taken from a validated id_token.</summary>
[GenerateSerializer, Immutable]
public sealed record ExternalIdentity(
    [property: Id(0)] string Provider,
    [property: Id(1)] string Subject,
    [property: Id(2)] string? Email,
    [property: Id(3)] bool EmailVerified,
    [property: Id(4)] string? PreferredUsername,
    [property: Id(5)] string? DisplayName);

public enum ExternalLinkOutcome
{
    Linked,
    NoAccount,
    /// <summary>The provider did not vouch for the email, or the account never proved it owns it.</summary>
    EmailNotVerified,
    /// <summary>The account guards its password with TOTP; linking by email would let the provider bypass it.</summary>
    TwoFactorEnabled,
    /// <summary>The account already has another subject at this provider (e.g. a recycled email address).</summary>
    ProviderAlreadyLinked,
    /// <summary>The (provider, subject) pair belongs to another account.</summary>
    LinkedElsewhere,
}

public enum ExternalSignInStatus { Succeeded, Disabled, EmailRequired, AccountExists, Conflict, Suspended }

/// <summary>The outcome of an OpenID Connect sign-in: the user it resolved to and the session it opened.</summary>
[GenerateSerializer, Immutable]
public sealed record ExternalSignInResult(
    [property: Id(0)] ExternalSignInStatus Status,
    [property: Id(1)] Guid UserId = default,
    [property: Id(2)] SignInResult? Session = null,
    [property: Id(3)] bool Created = false,
    [property: Id(4)] ExternalLinkOutcome? LinkRefusal = null)
{
    public static ExternalSignInResult Failed(ExternalSignInStatus status, ExternalLinkOutcome? refusal = null) => new(status, LinkRefusal: refusal);
}
