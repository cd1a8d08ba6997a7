using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SocialFlow.ApiHost.Tests.Infrastructure;

/// <summary>Who signs in at the fake provider; the test enrolls one and gets the login_hint that selects it.</summary>
public sealed record FakeIdentity(string Subject, string? Email, bool EmailVerified = true, string? PreferredUsername = null, string? Name = null)
{
    public static FakeIdentity Fresh(bool emailVerified = true)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new FakeIdentity("sub-" + id, $"o{id}@example.org", emailVerified, "o" + id, "Olive " + id);
    }
}

public enum IdTokenTweak { None, WrongNonce, WrongAudience, WrongIssuer, ForeignKey, UnknownKeyId, Expired }

/// <summary>A client registered at the fake provider. A null secret is a public client.</summary>
public sealed record FakeClient(string ClientId, string? Secret, string RedirectUri, bool SecretInBody = false);

/// <summary>
/// A small OpenID provider on 127.0.0.1 (Kestrel): discovery, JWKS with an RSA key made here, an authorize endpoint
/// that signs the enrolled identity in at once and redirects back with a code, and a token endpoint that checks the
/// client, the redirect URI and the PKCE verifier before it returns an RS256 id_token.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    private const string KeyId = "fake-key-1";
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _foreignKey = RSA.Create(2048);
    private readonly Dictionary<string, FakeClient> _clients;
    private readonly ConcurrentDictionary<string, (FakeIdentity Identity, IdTokenTweak Tweak)> _enrolled = new();
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private WebApplication _app = null!;

    private sealed record Grant(FakeClient Client, string RedirectUri, string? Nonce, string Challenge, FakeIdentity Identity, IdTokenTweak Tweak);

    private FakeOidcProvider(IEnumerable<FakeClient> clients) => _clients = clients.ToDictionary(c => c.ClientId);

    public string Issuer { get; private set; } = "";

    public static async Task<FakeOidcProvider> StartAsync(params FakeClient[] clients)
    {
        var provider = new FakeOidcProvider(clients);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/jwks", provider.Jwks);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.Token);
        await app.StartAsync();
        provider._app = app;
        provider.Issuer = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return provider;
    }

    /// <summary>The login_hint to add to the authorization URL so that this identity signs in (an unknown hint is refused).</summary>
    public string Enroll(FakeIdentity identity, IdTokenTweak tweak = IdTokenTweak.None)
    {
        var hint = Guid.NewGuid().ToString("N");
        _enrolled[hint] = (identity, tweak);
        return hint;
    }

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/authorize",
        ["token_endpoint"] = $"{Issuer}/token",
        ["jwks_uri"] = $"{Issuer}/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "none" },
    });

    private IResult Jwks()
    {
        var p = _key.ExportParameters(false);
        return Results.Json(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64Url.EncodeToString(p.Modulus), e = Base64Url.EncodeToString(p.Exponent) } },
        });
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        if (!_clients.TryGetValue(q["client_id"].ToString(), out var client) || q["redirect_uri"] != client.RedirectUri)
        {
            return Results.BadRequest("unknown client or redirect_uri"); // never redirect to an unregistered URI
        }
        string Back(Dictionary<string, string?> args) => QueryHelpers.AddQueryString(client.RedirectUri, args);
        var state = q["state"].ToString();
        if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"])
            || !q["scope"].ToString().Split(' ').Contains("openid"))
        {
            return Results.Redirect(Back(new() { ["error"] = "invalid_request", ["state"] = state }));
        }
        if (!_enrolled.TryRemove(q["login_hint"].ToString(), out var who))
        {
            return Results.Redirect(Back(new() { ["error"] = "access_denied", ["state"] = state }));
        }
        var code = Guid.NewGuid().ToString("N");
        _codes[code] = new Grant(client, client.RedirectUri, q["nonce"], q["code_challenge"]!, who.Identity, who.Tweak);
        return Results.Redirect(Back(new() { ["code"] = code, ["state"] = state }));
    }

    private async Task<IResult> Token(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, secret) = ClientCredentials(request, form);
        if (clientId is null || !_clients.TryGetValue(clientId, out var client) || !SecretMatches(client, secret, request, form))
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }
        if (form["grant_type"] != "authorization_code") return Error("unsupported_grant_type");
        if (!_codes.TryRemove(form["code"].ToString(), out var grant) || grant.Client != client || form["redirect_uri"] != grant.RedirectUri)
        {
            return Error("invalid_grant");
        }
        var verifier = form["code_verifier"].ToString();
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (verifier.Length < 43 || challenge != grant.Challenge) return Error("invalid_grant");
        return Results.Json(new { access_token = "opaque-" + Guid.NewGuid().ToString("N"), token_type = "Bearer", expires_in = 3600, id_token = IdToken(grant) });
    }

    private static IResult Error(string code) => Results.Json(new { error = code, error_description = "refused by the fake provider" }, statusCode: 400);

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        return (form["client_id"].ToString() is { Length: > 0 } id ? id : null, form["client_secret"].ToString() is { Length: > 0 } s ? s : null);
    }

    private static bool SecretMatches(FakeClient client, string? secret, HttpRequest request, IFormCollection form)
    {
        var usedBasic = request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal);
        if (client.Secret is null) return secret is null;
        return secret == client.Secret && usedBasic != client.SecretInBody && (usedBasic || form["client_id"] == client.ClientId);
    }

    private string IdToken(Grant grant)
    {
        var now = DateTime.UtcNow;
        var expired = grant.Tweak == IdTokenTweak.Expired;
        var claims = new Dictionary<string, object> { ["sub"] = grant.Identity.Subject };
        if (grant.Nonce is not null) claims["nonce"] = grant.Tweak == IdTokenTweak.WrongNonce ? "not-the-nonce" : grant.Nonce;
        if (grant.Identity.Email is { } email) (claims["email"], claims["email_verified"]) = (email, grant.Identity.EmailVerified);
        if (grant.Identity.PreferredUsername is { } username) claims["preferred_username"] = username;
        if (grant.Identity.Name is { } name) claims["name"] = name;
        var key = grant.Tweak == IdTokenTweak.ForeignKey || grant.Tweak == IdTokenTweak.UnknownKeyId ? _foreignKey : _key;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = grant.Tweak == IdTokenTweak.WrongIssuer ? "https://impostor.example" : Issuer,
            Audience = grant.Tweak == IdTokenTweak.WrongAudience ? "another-client" : grant.Client.ClientId,
            IssuedAt = expired ? now.AddMinutes(-30) : now,
            NotBefore = expired ? now.AddMinutes(-30) : now,
            Expires = expired ? now.AddMinutes(-20) : now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new RsaSecurityKey(key) { KeyId = grant.Tweak == IdTokenTweak.UnknownKeyId ? "rotated-away" : KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
        _foreignKey.Dispose();
    }
}
