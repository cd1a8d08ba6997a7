using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace SocialFlow.ApiHost.Auth.Oidc;

/// <summary>
/// One configured provider: its cached discovery document and keys (ConfigurationManager refreshes them),
/// the authorization request, the code exchange and the id_token check (OidcProvider.Tokens.cs).
/// </summary>
public sealed partial class OidcProvider
{
    private readonly OidcProviderOptions _options;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;

    public OidcProvider(string name, OidcProviderOptions options, string redirectUri, HttpClient http, ILogger logger)
    {
        (Name, RedirectUri, _options, _http, _logger) = (name, redirectUri, options, http, logger);
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            options.Authority.TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = options.RequireHttps });
    }

    public string Name { get; }
    public string RedirectUri { get; }

    public async Task<string> AuthorizationUrlAsync(string state, string nonce, string codeVerifier, CancellationToken ct)
    {
        var metadata = await MetadataAsync(ct);
        return QueryHelpers.AddQueryString(metadata.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = _options.ClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = string.Join(' ', _options.ScopeList),
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = Pkce.Challenge(codeVerifier),
            ["code_challenge_method"] = "S256",
        });
    }

    /// <summary>The discovery document, checked: its issuer is the configured authority and its endpoints are usable.</summary>
    private async Task<OpenIdConnectConfiguration> MetadataAsync(CancellationToken ct)
    {
        OpenIdConnectConfiguration metadata;
        try
        {
            metadata = await _metadata.GetConfigurationAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _logger.LogWarning("OIDC discovery for {Provider} failed: {Error}", Name, e.Message);
            throw OidcException.Unavailable(Name);
        }
        // OpenID Connect Discovery 4.3: the issuer must be the URL the document was fetched from.
        var problem = !string.Equals(metadata.Issuer?.TrimEnd('/'), _options.Authority.TrimEnd('/'), StringComparison.Ordinal)
                ? $"issuer {metadata.Issuer} is not the configured authority"
            : !IsUsableEndpoint(metadata.AuthorizationEndpoint) ? "no usable authorization_endpoint"
            : !IsUsableEndpoint(metadata.TokenEndpoint) ? "no usable token_endpoint"
            : metadata.SigningKeys.Count == 0 ? "no signing keys at jwks_uri"
            : null;
        if (problem is not null)
        {
            _logger.LogError("OIDC discovery document of {Provider} is unusable: {Problem}", Name, problem);
            throw OidcException.Unavailable(Name);
        }
        return metadata;
    }

    private bool IsUsableEndpoint(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (!_options.RequireHttps && uri.Scheme == Uri.UriSchemeHttp));
}
