using System.Text.RegularExpressions;

namespace SocialFlow.Grains.Interfaces.Posts;

/// <summary>How a hashtag is written when it is asked for: <see cref="IPostDirectoryGrain.ListByHashtagAsync"/> takes tags normalised so, as posts store them.</summary>
public static partial class Hashtag
{
    public const int MaxLength = 64;

    /// <summary>A tag from a URL, normalised as stored; null when it could not be a tag.</summary>
    public static string? Normalise(string tag)
    {
        var t = tag.TrimStart('#');
        return t.Length is > 0 and <= MaxLength && TagBody().IsMatch(t) && t.Any(c => char.IsLetter(c) || c == '_')
            ? t.ToLowerInvariant()
            : null;
    }

    [GeneratedRegex(@"^[\p{L}\p{N}_]+$")]
    private static partial Regex TagBody();
}
