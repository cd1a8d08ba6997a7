using System.Text;

namespace SocialFlow.Grains.Interfaces.Search;

/// <summary>
/// Reads a search box's text as people type it: `#tag` and `@username` tokens are taken out (a tag or name is letters,
/// digits and underscores), the rest is left to PostgreSQL's websearch syntax (words, "quoted phrases", -excluded, OR),
/// which accepts any text. Checked in the API host, so no grain parses client input.
/// </summary>
public static class SearchQuery
{
    public const int MaxLength = 256;

    /// <summary>False with the reason for an empty, whitespace-only or over-long query, or one with nothing to look for.</summary>
    public static bool TryParse(string? q, out (string Text, List<string> Hashtags, List<string> Usernames) parsed, out string? error)
    {
        parsed = ("", [], []);
        if (string.IsNullOrWhiteSpace(q)) return Fail("must not be empty", out error);
        if (q.Length > MaxLength) return Fail($"must be at most {MaxLength} characters", out error);
        var text = new StringBuilder(q.Length);
        var (hashtags, usernames) = (new List<string>(), new List<string>());
        for (var i = 0; i < q.Length;)
        {
            var c = q[i];
            var startsToken = (c is '#' or '@') && (i == 0 || char.IsWhiteSpace(q[i - 1]) || q[i - 1] is '(' or '"');
            var end = i + 1;
            while (startsToken && end < q.Length && IsNameChar(q[end])) end++;
            if (startsToken && end > i + 1)
            {
                var name = q[(i + 1)..end].ToLowerInvariant();
                var list = c == '#' ? hashtags : usernames;
                if (!list.Contains(name)) list.Add(name);
                text.Append(' ');
                i = end;
                continue;
            }
            text.Append(char.IsControl(c) ? ' ' : c);
            i++;
        }
        var rest = text.ToString().Trim();
        if (rest.Length == 0 && hashtags.Count == 0 && usernames.Count == 0) return Fail("has nothing to search for", out error);
        parsed = (rest, hashtags, usernames);
        error = null;
        return true;
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool Fail(string reason, out string? error)
    {
        error = reason;
        return false;
    }
}
