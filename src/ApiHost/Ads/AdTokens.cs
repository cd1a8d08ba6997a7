using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;

namespace SocialFlow.ApiHost.Ads;

/// <summary>What an ad token says: which served ad, of which campaign, for an impression or a click, until when.</summary>
public readonly record struct AdToken(AdTokenPurpose Purpose, Guid ServeId, Guid CampaignId, DateTimeOffset ExpiresAt);

public enum AdTokenPurpose : byte { Impression = 1, Click = 2 }

/// <summary>
/// Signs and checks the tokens of impression and click URLs: purpose, serve id, campaign id and expiry, then an
/// HMAC-SHA256 of them, base64url. The key is a subkey derived from the JWT signing key (HMAC of a fixed label), so
/// every API host has it without another secret to configure, and an access token's signature can never pass for an
/// ad token's. A forged or altered token fails the MAC; an expired one fails its time; a replayed one is refused by
/// the campaign grain, which counts each served ad once.
/// </summary>
public sealed class AdTokens(IOptions<JwtOptions> jwt, TimeProvider clock)
{
    private const int PayloadLength = 1 + 16 + 16 + 8;
    private const int MacLength = 32;
    private readonly byte[] _key = HMACSHA256.HashData(jwt.Value.KeyBytes(), Encoding.ASCII.GetBytes("socialflow/ad-tokens/v1"));

    public string Sign(AdToken token)
    {
        var bytes = new byte[PayloadLength + MacLength];
        bytes[0] = (byte)token.Purpose;
        token.ServeId.TryWriteBytes(bytes.AsSpan(1, 16));
        token.CampaignId.TryWriteBytes(bytes.AsSpan(17, 16));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(33, 8), token.ExpiresAt.ToUnixTimeSeconds());
        HMACSHA256.HashData(_key, bytes.AsSpan(0, PayloadLength), bytes.AsSpan(PayloadLength));
        return WebEncoders.Base64UrlEncode(bytes);
    }

    /// <summary>The token when it is well-formed, signed by us, for this purpose and not expired.</summary>
    public AdToken? Check(string? text, AdTokenPurpose purpose)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200) return null;
        byte[] bytes;
        try { bytes = WebEncoders.Base64UrlDecode(text); }
        catch (FormatException) { return null; }
        if (bytes.Length != PayloadLength + MacLength) return null;
        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, bytes.AsSpan(0, PayloadLength), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes.AsSpan(PayloadLength))) return null;
        if (bytes[0] != (byte)purpose) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(33, 8)));
        if (expires <= clock.GetUtcNow()) return null;
        return new AdToken(purpose, new Guid(bytes.AsSpan(1, 16)), new Guid(bytes.AsSpan(17, 16)), expires);
    }
}
