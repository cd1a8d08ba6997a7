namespace SocialFlow.Grains.Moderation;

public enum ScreenVerdict { Clean, Flag, Hold }

/// <summary>What screening a text found: the strongest action among the watched words it matched, and those words.</summary>
public sealed record ScreenResult(ScreenVerdict Verdict, IReadOnlyList<string> Matched)
{
    public static ScreenResult Clean { get; } = new(ScreenVerdict.Clean, []);
}

/// <summary>
/// Screens new text against the watched words, from this silo's copy of the list (see <see cref="WatchedWordsScreen"/>).
/// The domains that store text (posts, comments, videos, chat) ask it before they store, keep a Hold verdict as the
/// item's standing, and write a <see cref="ModerationFlags"/> event with anything not clean in the same transaction.
/// </summary>
public interface IContentScreen
{
    ValueTask<ScreenResult> ScreenAsync(params string?[] texts);
}
