using System.Collections.Frozen;

namespace SocialFlow.ApiHost.Auth;

/// <summary>8 to 128 characters, not one of the common passwords the project ships, not the username or email.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    /// <summary>Null when acceptable, else the reason.</summary>
    public static string? Check(string? password, params string?[] personalValues)
    {
        if (string.IsNullOrEmpty(password)) return "is required";
        if (password.Length < MinLength) return $"must be at least {MinLength} characters";
        if (password.Length > MaxLength) return $"must be at most {MaxLength} characters";
        var lower = password.ToLowerInvariant();
        if (Common.Value.Contains(lower)) return "is too common";
        if (personalValues.Any(v => !string.IsNullOrEmpty(v) && lower == v.ToLowerInvariant())) return "must not equal your username or email";
        return null;
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("SocialFlow.ApiHost.Auth.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#')) set.Add(line);
        }
        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
