using System.Text;

namespace SocialFlow.Grains.Infrastructure.Postgres;

/// <summary>LIKE patterns from user text, and prefixes as key ranges (which a generic plan reads through an index).</summary>
public static class Like
{
    /// <summary>The text with LIKE's wildcards and escape character escaped, to match literally.</summary>
    public static string Escape(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    /// <summary>
    /// The least string above every string that starts with <paramref name="prefix"/> in the C collation (code point
    /// order): the prefix with its last character one higher ("ab" → "ac"; a last character already the highest is dropped
    /// and the one before raised). The empty prefix (no term) has no end: every name is above it, so a character above all.
    /// </summary>
    public static string PrefixEnd(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last == 0x10FFFF) continue;
            // Surrogate code points are not characters: after U+D7FF comes U+E000.
            runes.Add(new Rune(last == 0xD7FF ? 0xE000 : last + 1));
            return string.Concat(runes);
        }
        return char.ConvertFromUtf32(0x10FFFF);
    }
}
