using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SocialFlow.Grains.Interfaces.Users;

/// <summary>
/// A bearer secret of the form "{userId:N}.{random}" (refresh, verification and reset tokens).
/// The user id routes the call to the right grain; only a SHA-256 of the whole token is stored.
/// </summary>
public readonly record struct OpaqueToken(Guid UserId, string Value)
{
    public static OpaqueToken Create(Guid userId) =>
        new(userId, $"{userId:N}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}");

    public static bool TryParse(string? value, out OpaqueToken token)
    {
        token = default;
        if (value is null || value.Length is < 40 or > 100) return false;
        var dot = value.IndexOf('.');
        if (dot != 32 || !Guid.TryParseExact(value.AsSpan(0, 32), "N", out var userId)) return false;
        token = new OpaqueToken(userId, value);
        return true;
    }

    public byte[] Hash() => SHA256.HashData(Encoding.UTF8.GetBytes(Value));

    public static byte[] HashOf(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
