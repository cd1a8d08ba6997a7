using System.Net.Http.Headers;
using System.Net.Mail;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Auth.Oidc;

public sealed partial class OidcProvider
{
    private static readonly JsonWebTokenHandler Handler = new();
    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>Trades the authorization code and its PKCE verifier for the provider's id_token.</summary>
    public async Task<string> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken ct)
    {
        var metadata = await MetadataAsync(ct);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = codeVerifier,
            ["client_id"] = _options.ClientId,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, metadata.TokenEndpoint);
        if (_options.ClientSecret is { Length: > 0 } secret)
        {
            if (_options.ClientAuthentication == OidcProviderOptions.ClientSecretPost) form["client_secret"] = secret;
            else request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(
                Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(_options.ClientId)}:{Uri.EscapeDataString(secret)}")));
        }
        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        string body;
        int status;
        try
        {
            using var response = await _http.SendAsync(request, ct);
            (status, body) = ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            _logger.LogWarning("OIDC token request to {Provider} failed: {Error}", Name, e.Message);
            throw OidcException.Unavailable(Name);
        }
        var json = TryParse(body);
        if (status is >= 200 and < 300 && json?.TryGetProperty("id_token", out var idToken) == true && idToken.ValueKind == JsonValueKind.String)
        {
            return idToken.GetString()!;
        }
        // The error code is the provider's and safe to repeat; its description may echo input, so it is not.
        var error = json?.TryGetProperty("error", out var e1) == true && e1.ValueKind == JsonValueKind.String ? Sanitize(e1.GetString()) : null;
        _logger.LogWarning("OIDC token exchange at {Provider} failed: HTTP {Status}, error {Error}", Name, status, error ?? "(none)");
        if (status >= 500) throw OidcException.Unavailable(Name);
        if (status is >= 200 and < 300) throw new OidcException(502, "oidc_exchange_failed", "The provider's token response has no id_token.");
        throw new OidcException(400, "oidc_exchange_failed", $"The provider refused the authorization code ({error ?? "no reason given"}); sign in again.");
    }

    /// <summary>Checks the id_token strictly (signature by the provider's keys, issuer, audience, lifetime, nonce) and reads who it names.</summary>
    public async Task<ExternalIdentity> ValidateIdTokenAsync(string idToken, string expectedNonce, CancellationToken ct)
    {
        var result = await ValidateAsync(idToken, await MetadataAsync(ct));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rotated its keys since they were cached.
            _metadata.RequestRefresh();
            result = await ValidateAsync(idToken, await MetadataAsync(ct));
        }
        if (!result.IsValid)
        {
            _logger.LogWarning("id_token from {Provider} rejected: {Reason}", Name, result.Exception?.GetType().Name);
            throw OidcException.InvalidIdToken("its signature, issuer, audience or lifetime is wrong");
        }
        var token = (JsonWebToken)result.SecurityToken;
        if (!token.TryGetPayloadValue<string>("nonce", out var nonce) || !Pkce.FixedTimeEquals(nonce, expectedNonce))
        {
            throw OidcException.InvalidIdToken("its nonce does not belong to this sign-in");
        }
        // OpenID Connect Core 3.1.3.7: with several audiences, the authorized party must be us.
        if (token.Audiences.Count() > 1 && (!token.TryGetPayloadValue<string>("azp", out var azp) || azp != _options.ClientId))
        {
            throw OidcException.InvalidIdToken("it was issued to another client");
        }
        var subject = token.Subject;
        if (string.IsNullOrEmpty(subject) || subject.Length > 255) throw OidcException.InvalidIdToken("it has no usable subject");

        var email = Claim(token, "email") is { Length: <= 254 } e && MailAddress.TryCreate(e, out var address) && address.Address == e ? e : null;
        var verified = email is not null && Claim(token, "email_verified") is { } v && v.Equals("true", StringComparison.OrdinalIgnoreCase);
        return new ExternalIdentity(Name, subject, email, verified, Claim(token, "preferred_username"), Claim(token, "name"));
    }

    private Task<TokenValidationResult> ValidateAsync(string idToken, OpenIdConnectConfiguration metadata) =>
        Handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = metadata.Issuer,
            ValidAudience = _options.ClientId,
            IssuerSigningKeys = metadata.SigningKeys,
            ValidAlgorithms = AsymmetricAlgorithms,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireAudience = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });

    /// <summary>A string claim, trimmed; booleans come back as "true"/"false".</summary>
    private static string? Claim(JsonWebToken token, string type) =>
        token.TryGetClaim(type, out var claim) && claim.Value.Trim() is { Length: > 0 and <= 256 } value ? value : null;

    private static JsonElement? TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Sanitize(string? error) =>
        error is { Length: > 0 and <= 64 } && error.All(c => char.IsAsciiLetterLower(c) || c == '_') ? error : null;
}
