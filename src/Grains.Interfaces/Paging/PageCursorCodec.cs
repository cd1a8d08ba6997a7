using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace SocialFlow.Grains.Interfaces.Paging;

/// <summary>
/// The one cursor format of the API: base64url (no padding) of 29 bytes, version 1 then the time in UTC ticks and the id
/// (big-endian), then a CRC-32C of those 25 bytes. Opaque to clients; the version byte lets a later format live beside
/// this one. The check makes an edited or truncated cursor a 400 instead of a silently different position. It is not a
/// secret: a cursor only says where to resume a list whose query applies every visibility rule again, so a forged
/// one shows nothing its holder could not page to. No allocation but the encoded string, no reflection, no JSON.
/// </summary>
public static class PageCursorCodec
{
    public const byte Version = 1;
    private const int PayloadLength = 1 + 8 + 16, Length = PayloadLength + 4;

    /// <summary>base64url length of <see cref="Length"/> bytes without padding.</summary>
    public const int EncodedLength = (Length * 4 + 2) / 3;

    public static string? Encode(PageCursor? cursor)
    {
        if (cursor is not { } c) return null;
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], c.At.UtcTicks);
        c.Id.TryWriteBytes(bytes[9..], bigEndian: true, out _);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[PayloadLength..], Checksum(bytes[..PayloadLength]));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>False for anything <see cref="Encode"/> did not produce: wrong length or alphabet, unknown version,
    /// failed check, or a time out of range. Never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, [NotNullWhen(true)] out PageCursor? cursor)
    {
        cursor = null;
        if (text.Length != EncodedLength) return false;
        Span<byte> bytes = stackalloc byte[Length];
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != Length || bytes[0] != Version) return false;
        if (BinaryPrimitives.ReadUInt32BigEndian(bytes[PayloadLength..]) != Checksum(bytes[..PayloadLength])) return false;
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (ticks is < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        cursor = new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.Slice(9, 16), bigEndian: true));
        return true;
    }

    private static uint Checksum(ReadOnlySpan<byte> payload)
    {
        var crc = BitOperations.Crc32C(uint.MaxValue, payload[0]);
        crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(payload[1..]));
        crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(payload[9..]));
        crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(payload[17..]));
        return ~crc;
    }
}
