namespace SocialFlow.ApiHost.Validation;

/// <summary>
/// The one rule for text a request carries (body fields, route and query values, hub arguments): no C0 control
/// characters other than tab, line feed and carriage return, and no unpaired UTF-16 surrogate. Refused, not stripped: a
/// silently edited value (a password, a username, a title) would differ from what the client sent without its knowing.
/// PostgreSQL refuses U+0000 in text (22021) and Npgsql cannot encode a lone surrogate, so either would otherwise be a 500.
/// </summary>
public static class TextRule
{
    public const string Problem = "must not contain control characters (other than tab, line feed and carriage return) or unpaired surrogates";

    public static bool IsClean(ReadOnlySpan<char> text)
    {
        for (var rest = text; ;)
        {
            var i = rest.IndexOfAnyInRange('\0', '\u001f');
            if (i < 0) break;
            if (rest[i] is not ('\t' or '\n' or '\r')) return false;
            rest = rest[(i + 1)..];
        }
        for (var rest = text; ;)
        {
            var i = rest.IndexOfAnyInRange('\ud800', '\udfff');
            if (i < 0) return true;
            if (!char.IsHighSurrogate(rest[i]) || i + 1 >= rest.Length || !char.IsLowSurrogate(rest[i + 1])) return false;
            rest = rest[(i + 2)..];
        }
    }
}
