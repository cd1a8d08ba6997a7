using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SocialFlow.ApiHost.Auth.Oidc;

/// <summary>The random values of one sign-in (state, nonce, PKCE verifier) and what is derived from them.</summary>
public static class Pkce
{
    /// <summary>256 random bits, base64url: 43 characters, a valid RFC 7636 code_verifier.</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The S256 code_challenge: BASE64URL(SHA256(ASCII(verifier))).</summary>
    public static string Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>The pending login's grain key: a hash, so the state itself appears in no grain id or log.</summary>
    public static string StateKey(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    public static bool LooksLikeSecret(string? value) => value is { Length: 43 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool FixedTimeEquals(string? a, string b) =>
        a is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
