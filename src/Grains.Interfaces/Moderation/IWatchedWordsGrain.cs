using System.Text.RegularExpressions;

namespace SocialFlow.Grains.Interfaces.Moderation;

/// <summary>A watched word or pattern. Match "word": the whole word or phrase, case and accents ignored; "regex": a
/// .NET regular expression (run without backtracking), case ignored. Action "flag" puts the item in the queue, "hold"
/// also hides it from others until a moderator approves it.</summary>
[GenerateSerializer, Immutable]
public sealed record WatchedWord(
    [property: Id(0)] string Pattern,
    [property: Id(1)] string Match,
    [property: Id(2)] string Action);

public static class WatchedWordRules
{
    public const string Word = "word", Regex = "regex", Flag = "flag", Hold = "hold";
    public const int MaxWords = 1_000, MaxPattern = 200;

    /// <summary>How patterns run: case ignored, and without backtracking, so no pattern can take time exponential in the text.</summary>
    public const RegexOptions PatternOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Null when the pattern is a regular expression the screen can run, else why not.</summary>
    public static string? PatternError(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, PatternOptions, MatchTimeout);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return e.Message;
        }
    }
}

/// <summary>The list of watched words (key 0): its single writer. Silos screen text with their own copy of it.</summary>
public interface IWatchedWordsGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<WatchedWord>> GetAsync();

    /// <summary>Replaces the whole list (one audit_log row naming what was added and removed) and returns it.</summary>
    Task<IReadOnlyList<WatchedWord>> SetAsync(IReadOnlyList<WatchedWord> words, AuditActor by);
}
