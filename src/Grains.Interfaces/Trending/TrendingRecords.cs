using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Interfaces.Trending;

/// <summary>What trends: videos and posts (scored from engagement) and hashtags (scored from the accounts using them).</summary>
public enum TrendingKind { Video, Post, Hashtag }

/// <summary>The engagement a trend counts, once per account (or anonymous viewer) per item and window.</summary>
public enum TrendingSignal { View, Like, Bookmark, Comment }

/// <summary>
/// A trending window: how far back engagement counts, and how fast it fades (exponential decay, a score halving every
/// <see cref="HalfLife"/>: a quarter of the window, so engagement as old as the window weighs a sixteenth).
/// </summary>
public sealed record TrendingWindow(string Name, TimeSpan Length)
{
    public static readonly TrendingWindow Hour = new("1h", TimeSpan.FromHours(1));
    public static readonly TrendingWindow Day = new("24h", TimeSpan.FromHours(24));
    public static readonly TrendingWindow Week = new("7d", TimeSpan.FromDays(7));

    public static IReadOnlyList<TrendingWindow> All { get; } = [Hour, Day, Week];

    public TimeSpan HalfLife => Length / 4;

    public static TrendingWindow? Of(string? name) => All.FirstOrDefault(w => w.Name == name);
}

/// <summary>One item's new distinct engagement since a silo's last flush: accounts (or viewers) counted per signal.</summary>
[GenerateSerializer, Immutable]
public sealed record TrendingDelta(
    [property: Id(0)] TrendingKind Kind,
    [property: Id(1)] Guid Id,
    [property: Id(2)] int Views,
    [property: Id(3)] int Likes,
    [property: Id(4)] int Bookmarks,
    [property: Id(5)] int Comments)
{
    /// <summary>Points of engagement: a view 1, a like 3, a bookmark 4, a comment 5 (the more effort, the more weight).</summary>
    public double Points => Views + (3.0 * Likes) + (4.0 * Bookmarks) + (5.0 * Comments);
}

/// <summary>A candidate of a window's board: an item and its decayed score at the time of the read.</summary>
[GenerateSerializer, Immutable]
public sealed record TrendingCandidate([property: Id(0)] Guid Id, [property: Id(1)] double Score);

/// <summary>A trending video or post as shown: the search item shape's fields, and its trend score; <see cref="Probability"/>
/// is set on an item the viral model predicts will trend (<c>/ml/trending</c> only); <see cref="Engagements"/> (likes,
/// bookmarks and comments) is what For-you's ranking weighs, not shown.</summary>
[GenerateSerializer, Immutable]
public sealed record TrendingItem(
    [property: Id(0)] TrendingKind Kind,
    [property: Id(1)] Guid Id,
    [property: Id(2)] Guid AuthorId,
    [property: Id(3)] string AuthorUsername,
    [property: Id(4)] string? Title,
    [property: Id(5)] string? Excerpt,
    [property: Id(6)] IReadOnlyList<string> Tags,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] double Score,
    [property: Id(9)] double? DurationSeconds,
    [property: Id(10)] long Views,
    [property: Id(11)] long Likes,
    [property: Id(13)] long Engagements,
    [property: Id(12)] double? Probability = null);

/// <summary>A trending hashtag: its score, the distinct accounts using it in the window, and its usual level for a window that long.</summary>
[GenerateSerializer, Immutable]
public sealed record TrendingHashtag(
    [property: Id(0)] string Tag, [property: Id(1)] double Score, [property: Id(2)] int Accounts, [property: Id(3)] double Usual);

/// <summary>
/// Level 2 of the trend computation: one per window (key: the window's name, "1h", "24h" or "7d"). Every silo's
/// tally flushes its partial distinct counts here every few seconds; the grain keeps decayed scores of a bounded
/// top of each kind, and snapshots them to PostgreSQL so that a restart does not zero trends.
/// </summary>
public interface ITrendingWindowGrain : IGrainWithStringKey
{
    /// <summary>Adds one silo's partial counts, weighted (<see cref="TrendingDelta.Points"/>), to the decayed scores.</summary>
    Task AddAsync(IReadOnlyList<TrendingDelta> deltas);

    /// <summary>The best <paramref name="count"/> items of a kind, highest score first, unfiltered (readers filter).</summary>
    Task<IReadOnlyList<TrendingCandidate>> TopAsync(TrendingKind kind, int count);

    /// <summary>
    /// The window's best <paramref name="count"/> hashtags, computed at most once per refresh interval (the count reads
    /// a month of uses) and again after <see cref="ForgetHashtagsAsync"/>.
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<TrendingHashtag>> HashtagsAsync(int count);

    /// <summary>Drops the computed hashtags (an admin hid or showed one): the next read counts again.</summary>
    [AlwaysInterleave]
    Task ForgetHashtagsAsync();

    /// <summary>Writes the scores to PostgreSQL now (also done on a timer and on deactivation).</summary>
    Task SnapshotAsync();
}

/// <summary>
/// Trending reads and the admins' hiding (stateless, key 0). Reads filter the window's candidates by what may be
/// discovered now: public, not hidden, held or removed, an author neither suspended nor limited, not hidden by an
/// admin, and for a signed-in viewer not an account they block, are blocked by or mute.
/// </summary>
public interface ITrendingGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<TrendingItem>> ItemsAsync(TrendingKind kind, string window, Guid? viewerId, int limit);

    /// <summary>
    /// <see cref="ItemsAsync"/> with the viral model's predicted risers merged in (`/ml/trending`): a trending item it
    /// predicted carries its probability; a riser not trending yet takes every few places, under the same filters.
    /// With no model it is <see cref="ItemsAsync"/>.
    /// </summary>
    Task<IReadOnlyList<TrendingItem>> WithRisersAsync(TrendingKind kind, string window, Guid? viewerId, int limit);

    Task<IReadOnlyList<TrendingHashtag>> HashtagsAsync(string window, int limit);

    /// <summary>Hides (or shows again) an item or hashtag in every trending list; audited when it changes anything.
    /// Returns whether it changed (false: already so).</summary>
    Task<bool> SetHiddenAsync(TrendingKind kind, string id, bool hidden, AuditActor by, string? reason);
}
