namespace SocialFlow.Grains.Interfaces.Moderation;

/// <summary>What an owner is told about their own item that others cannot see: held or removed, and why. Null on a visible item.</summary>
[GenerateSerializer, Immutable]
public sealed record ModerationNotice([property: Id(0)] ContentStanding Standing, [property: Id(1)] string? Reason);

/// <summary>A moderation standing and sensitive flag of one item, and what an action makes of them.</summary>
[GenerateSerializer, Immutable]
public sealed record ContentModeration(
    [property: Id(0)] ContentStanding Standing,
    [property: Id(1)] bool Sensitive,
    [property: Id(2)] string? Reason)
{
    public static ContentModeration None { get; } = new(ContentStanding.Visible, false, null);

    /// <summary>The reason an owner reads on an item that watched words held.</summary>
    public const string AwaitingReview = "awaiting review";

    public bool Hidden => Standing != ContentStanding.Visible;

    public ModerationNotice? Notice => Hidden ? new ModerationNotice(Standing, Reason) : null;

    /// <summary>
    /// The standing after <paramref name="action"/>: Remove takes down, Hold holds only a visible item, Approve releases only
    /// a held one, Restore brings back a held or removed one; the sensitive flag is its own. The same value when nothing changes.
    /// </summary>
    public ContentModeration Apply(ContentAction action, string? reason)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        return action switch
        {
            ContentAction.Remove when Standing != ContentStanding.Removed => this with { Standing = ContentStanding.Removed, Reason = reason },
            ContentAction.Hold when Standing == ContentStanding.Visible => this with { Standing = ContentStanding.Held, Reason = reason },
            ContentAction.Approve when Standing == ContentStanding.Held => this with { Standing = ContentStanding.Visible, Reason = null },
            ContentAction.Restore when Hidden => this with { Standing = ContentStanding.Visible, Reason = null },
            ContentAction.MarkSensitive when !Sensitive => this with { Sensitive = true },
            ContentAction.UnmarkSensitive when Sensitive => this with { Sensitive = false },
            _ => this,
        };
    }
}

/// <summary>The snake_case names of content moderation, as the API, tables and audit details spell them.</summary>
public static class ContentModerationNames
{
    public const string Held = "held", Removed = "removed", Visible = "visible", Sensitive = "sensitive";

    /// <summary>The value of a table's moderation column: null for a visible item.</summary>
    public static string? Column(ContentStanding standing) => standing switch
    {
        ContentStanding.Held => Held,
        ContentStanding.Removed => Removed,
        _ => null,
    };

    public static ContentStanding FromColumn(string? value) => value switch
    {
        Held => ContentStanding.Held,
        Removed => ContentStanding.Removed,
        _ => ContentStanding.Visible,
    };

    public static string Of(ContentStanding standing) => Column(standing) ?? Visible;

    public static string Of(ContentAction action) => action switch
    {
        ContentAction.Remove => "remove",
        ContentAction.Restore => "restore",
        ContentAction.MarkSensitive => "mark_sensitive",
        ContentAction.UnmarkSensitive => "unmark_sensitive",
        ContentAction.Hold => "hold",
        _ => "approve",
    };
}
