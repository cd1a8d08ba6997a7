using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Tests.Postgres;

/// <summary>The typeahead's prefix walks read the key range [prefix, PrefixEnd(prefix)) in the C collation (code point order).</summary>
public sealed class PrefixEndTests
{
    [Theory]
    [InlineData("ab", "ac")]
    [InlineData("a", "b")]
    [InlineData("zoë", "zoì")]
    [InlineData("a\U0010FFFF", "b")]
    [InlineData("x\uD7FF", "x\uE000")]
    [InlineData("", "\U0010FFFF")]
    public void PrefixEnd_IsTheLeastStringAboveEveryStringWithThePrefix(string prefix, string end)
    {
        Assert.Equal(end, Like.PrefixEnd(prefix));
    }

    [Theory]
    [InlineData("ab", new[] { "ab", "ab0", "abz", "ab\U0001F600" }, new[] { "aa", "ac", "a", "b" })]
    [InlineData("é", new[] { "é", "éa", "é\U0010FFFE" }, new[] { "e", "ê", "f" })]
    public void EveryStringWithThePrefix_AndNoOther_IsInTheRange(string prefix, string[] inside, string[] outside)
    {
        var end = Like.PrefixEnd(prefix);
        foreach (var s in inside) Assert.True(InRange(s, prefix, end), s);
        foreach (var s in outside) Assert.False(InRange(s, prefix, end), s);
    }

    private static bool InRange(string s, string from, string to) => CodePointCompare(s, from) >= 0 && CodePointCompare(s, to) < 0;

    /// <summary>How the C collation orders UTF-8 text: by code point.</summary>
    private static int CodePointCompare(string a, string b)
    {
        var (x, y) = (a.EnumerateRunes().Select(r => r.Value).ToArray(), b.EnumerateRunes().Select(r => r.Value).ToArray());
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (x[i] != y[i]) return x[i].CompareTo(y[i]);
        }
        return x.Length.CompareTo(y.Length);
    }
}
