using System.Security.Cryptography;
using System.Text;

namespace SocialFlow.Grains.Interfaces.Live;

/// <summary>
/// Stream keys are "{stream id:N}.{secret}": the id routes an ingest callback to its grain without a lookup, the
/// secret (32 random bytes, base64url) proves it. Only a SHA-256 of the whole key is stored.
/// </summary>
public static class StreamKeys
{
    public static string New(Guid streamId) => $"{streamId:N}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(string key, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(key), hash);

    public static Guid? StreamIdOf(string key) =>
        key.Length is > 33 and < 128 && key[32] == '.' && Guid.TryParseExact(key.AsSpan(0, 32), "N", out var id) ? id : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
