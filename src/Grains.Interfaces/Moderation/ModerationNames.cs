namespace SocialFlow.Grains.Interfaces.Moderation;

/// <summary>The snake_case names of moderation's enums, as the API, events and tables spell them.</summary>
public static class ModerationNames
{
    private static readonly Dictionary<ModerationTargetType, string> TargetNames = new()
    {
        [ModerationTargetType.Video] = "video",
        [ModerationTargetType.Post] = "post",
        [ModerationTargetType.Comment] = "comment",
        [ModerationTargetType.User] = "user",
        [ModerationTargetType.LiveStream] = "live_stream",
        [ModerationTargetType.ChatMessage] = "chat_message",
        [ModerationTargetType.Appeal] = "appeal",
        [ModerationTargetType.AdCreative] = "ad_creative",
    };

    private static readonly Dictionary<string, ModerationTargetType> TargetsByName =
        TargetNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>What can be reported: every target type but an appeal.</summary>
    public static IReadOnlyCollection<string> TargetTypes { get; } = [.. TargetsByName.Keys.Where(n => n != "appeal")];

    /// <summary>What a queue item can be: a reported or flagged target, or an appeal.</summary>
    public static IReadOnlyCollection<string> CaseTypes => TargetsByName.Keys;

    public static string Of(ModerationTargetType type) => TargetNames[type];

    public static bool TryParseTarget(string? name, out ModerationTargetType type) => TargetsByName.TryGetValue(name ?? "", out type);
}
