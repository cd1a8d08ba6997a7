namespace SocialFlow.Grains.Interfaces.Engagement;

/// <summary>The fixed reaction set (names, so they survive any JSON key policy) and the emoji clients show for them.</summary>
public static class Reactions
{
    public static readonly IReadOnlyDictionary<string, string> Emoji = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["like"] = "👍",
        ["love"] = "❤️",
        ["haha"] = "😂",
        ["wow"] = "😮",
        ["sad"] = "😢",
        ["angry"] = "😡",
    };

    public static bool IsValid(string? reaction) => reaction is not null && Emoji.ContainsKey(reaction);
}

/// <summary>
/// A write's outcome is unknown: its batch failed and may or may not have committed. The item's counters are
/// re-derived from PostgreSQL; the caller may retry, since every engagement write is idempotent.
/// </summary>
[GenerateSerializer]
public sealed class CommitOutcomeUnknownException : Exception
{
    public CommitOutcomeUnknownException() { }
    public CommitOutcomeUnknownException(string message) : base(message) { }
    public CommitOutcomeUnknownException(string message, Exception inner) : base(message, inner) { }
}
