using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace SocialFlow.ApiHost.Auth.Oidc;

/// <summary>
/// OpenID Connect sign-in ("Sign in with …"), one entry per provider under
/// <c>SocialFlow:Oidc:Providers:&lt;name&gt;</c>. Off when no provider is configured.
/// </summary>
public sealed partial class OidcOptions : IValidatableObject
{
    public const string Section = "SocialFlow:Oidc";

    /// <summary>Where clients reach this API (e.g. https://api.example.com); a provider without
    /// <see cref="OidcProviderOptions.RedirectUri"/> gets {PublicBaseUrl}/api/v1/auth/oidc/{name}/callback.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long a started sign-in may stay at the provider before its state expires.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "must be between 1 minute and 1 hour")]
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public Dictionary<string, OidcProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string RedirectUriOf(string name, OidcProviderOptions provider) =>
        provider.RedirectUri ?? $"{PublicBaseUrl!.TrimEnd('/')}/api/v1/auth/oidc/{name.ToLowerInvariant()}/callback";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicBaseUrl is not null && !IsHttpUrl(PublicBaseUrl, requireHttps: false))
        {
            yield return Error(nameof(PublicBaseUrl), "must be an absolute http or https URL");
        }
        foreach (var (name, p) in Providers)
        {
            var key = $"Providers:{name}";
            if (!ProviderName().IsMatch(name)) yield return Error(key, "the provider name must be 1 to 32 letters, digits, '-' or '_'");
            if (!IsHttpUrl(p.Authority, p.RequireHttps) || p.Authority.Contains('?') || p.Authority.Contains('#'))
            {
                yield return Error($"{key}:Authority", p.RequireHttps
                    ? "must be the provider's issuer as an absolute https URL (RequireHttps=false allows http for local providers)"
                    : "must be the provider's issuer as an absolute http or https URL");
            }
            if (string.IsNullOrWhiteSpace(p.ClientId)) yield return Error($"{key}:ClientId", "is required");
            if (p.ClientAuthentication is not (OidcProviderOptions.ClientSecretBasic or OidcProviderOptions.ClientSecretPost))
            {
                yield return Error($"{key}:ClientAuthentication", $"must be {OidcProviderOptions.ClientSecretBasic} or {OidcProviderOptions.ClientSecretPost}");
            }
            if (!p.ScopeList.Contains("openid")) yield return Error($"{key}:Scopes", "must include openid");
            if (p.RedirectUri is not null && !IsHttpUrl(p.RedirectUri, requireHttps: false))
            {
                yield return Error($"{key}:RedirectUri", "must be an absolute http or https URL");
            }
            if (p.RedirectUri is null && PublicBaseUrl is null)
            {
                yield return Error($"{key}:RedirectUri", $"is required when {Section}:PublicBaseUrl is not set");
            }
        }
    }

    private static ValidationResult Error(string member, string message) => new(message, [member]);

    private static bool IsHttpUrl(string? value, bool requireHttps) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (!requireHttps && uri.Scheme == Uri.UriSchemeHttp));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")]
    private static partial Regex ProviderName();
}

public sealed class OidcProviderOptions
{
    public const string ClientSecretBasic = "client_secret_basic";
    public const string ClientSecretPost = "client_secret_post";

    /// <summary>The issuer URL; its discovery document is {Authority}/.well-known/openid-configuration.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>Secret: from configuration or the environment only, never logged. Empty for a public client (PKCE alone).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>How the secret is sent to the token endpoint: client_secret_basic (default) or client_secret_post.</summary>
    public string ClientAuthentication { get; set; } = ClientSecretBasic;

    /// <summary>Space-separated scopes.</summary>
    public string Scopes { get; set; } = "openid email profile";

    /// <summary>The callback registered at the provider; built from <see cref="OidcOptions.PublicBaseUrl"/> when absent.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>Metadata, keys and endpoints over https only. Turn off only for a provider on this machine (tests).</summary>
    public bool RequireHttps { get; set; } = true;

    public string[] ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
