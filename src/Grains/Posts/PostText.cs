using System.Text.RegularExpressions;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Posts;

/// <summary>Finds hashtags and @mentions in post text.</summary>
public static partial class PostText
{
    public const int MaxHashtags = 30;
    public const int MaxHashtagLength = Hashtag.MaxLength;
    public const int MaxMentions = 20;

    /// <summary>Distinct lower-case tags in order of appearance. A tag needs a letter or underscore ("#1" is not a tag) and
    /// must not follow a word character ("a#b" is not one); longer tags than the limit are ignored.</summary>
    public static IReadOnlyList<string> Hashtags(string text) =>
        HashtagPattern().Matches(text)
            .Select(m => m.Groups[1].Value)
            .Where(t => t.Length <= MaxHashtagLength && t.Any(c => char.IsLetter(c) || c == '_'))
            .Select(t => t.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Take(MaxHashtags)
            .ToList();

    /// <summary>Distinct usernames (as written, compared case-insensitively). "x@example.com" is not a mention.</summary>
    public static IReadOnlyList<string> Mentions(string text) =>
        MentionPattern().Matches(text)
            .Select(m => m.Groups[1].Value)
            .DistinctBy(u => u.ToLowerInvariant())
            .Take(MaxMentions)
            .ToList();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_#&])#([\p{L}\p{N}_]+)")]
    private static partial Regex HashtagPattern();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_@.])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_@])")]
    private static partial Regex MentionPattern();
}
