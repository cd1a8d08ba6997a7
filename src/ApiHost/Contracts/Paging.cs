using System.Text;
using System.Buffers.Text;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Content;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>`?limit=` (1…100, larger values are capped) and the opaque `cursor` of the previous page.</summary>
public sealed record PageQuery(int? Limit, string? Cursor) : IValidatable
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public int Size => Math.Min(Limit ?? DefaultLimit, MaxLimit);

    public Guid? Position => Cursors.TryDecode(Cursor, out var id) ? id : null;

    public void Validate(FieldErrors errors)
    {
        if (Limit is < 1) errors.Add("limit", "must be at least 1");
        if (!string.IsNullOrEmpty(Cursor) && !Cursors.TryDecode(Cursor, out _)) errors.Add("cursor", "is not a cursor this API returned");
    }
}

/// <summary>Keyset cursors over UUIDv7 ids (time-ordered): the last id of a page, base64url-encoded.</summary>
public static class Cursors
{
    public static string? Encode(Guid? id) => id is { } g ? Base64Url.EncodeToString(g.ToByteArray(bigEndian: true)) : null;

    public static bool TryDecode(string? cursor, out Guid id)
    {
        id = Guid.Empty;
        if (string.IsNullOrEmpty(cursor) || cursor.Length != 22) return false;
        Span<byte> bytes = stackalloc byte[16];
        if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 16) return false;
        id = new Guid(bytes, bigEndian: true);
        return true;
    }
}

/// <summary>Opaque keyset cursors: base64url of "ticks.id" of the last item of the previous page.</summary>
public static class TimeCursors
{
    public static string? Encode(PageCursor? cursor) => cursor is null ? null
        : Convert.ToBase64String(Encoding.ASCII.GetBytes($"{cursor.At.UtcTicks}.{cursor.Id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out PageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (text.Length > 100) return false;
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(padded)).Split('.');
            if (parts.Length != 2 || !long.TryParse(parts[0], out var ticks) || ticks < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks
                || !Guid.TryParseExact(parts[1], "N", out var id)) return false;
            cursor = new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
