using System.Security.Cryptography;
using System.Text;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Users;

/// <summary>Usernames to try, in order, for an account created from an OpenID Connect identity.</summary>
public static class UsernameCandidates
{
    private const int StemLength = 20; // leaves room for "_123456" within the 30-character limit

    /// <summary>preferred_username, else the email's local part, else the name; then with random suffixes.</summary>
    public static IEnumerable<string> For(ExternalIdentity identity)
    {
        var stem = Stem(identity.PreferredUsername) ?? Stem(identity.Email) ?? Stem(identity.DisplayName) ?? "user";
        yield return stem;
        for (var i = 0; i < 4; i++) yield return $"{stem}_{RandomNumberGenerator.GetInt32(100, 1_000_000)}";
        yield return "user_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    }

    public static string? DisplayName(ExternalIdentity identity) =>
        identity.DisplayName?.Trim() is { Length: > 0 } name ? name[..Math.Min(name.Length, 60)] : null;

    /// <summary>ASCII letters and digits kept, runs of anything else one underscore; null when under 3 characters.</summary>
    private static string? Stem(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var at = raw.IndexOf('@');
        var source = at > 0 ? raw[..at] : raw;
        var stem = new StringBuilder(StemLength);
        foreach (var c in source)
        {
            if (stem.Length == StemLength) break;
            if (char.IsAsciiLetterOrDigit(c)) stem.Append(c);
            else if (stem.Length > 0 && stem[^1] != '_') stem.Append('_');
        }
        var result = stem.ToString().TrimEnd('_');
        return result.Length >= 3 ? result : null;
    }
}
