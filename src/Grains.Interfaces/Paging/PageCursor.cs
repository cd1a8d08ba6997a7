namespace SocialFlow.Grains.Interfaces.Paging;

/// <summary>
/// Keyset position after the last item of a page: its sort time and its id (ties broken by id). Lists ordered by a
/// UUIDv7 id alone (posts, comments: id order is time order) key on <see cref="Id"/> and leave <see cref="At"/> unset.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PageCursor([property: Id(0)] DateTimeOffset At, [property: Id(1)] Guid Id)
{
    /// <summary>The position after an item of a list keyed on its UUIDv7 id alone.</summary>
    public static PageCursor AfterId(Guid id) => new(default, id);

    /// <summary>The position after an item of a list ordered by a number (a score, a count) and its id: the number,
    /// in whole units of 1/<paramref name="scale"/>, travels in At's ticks (a count: scale 1).</summary>
    public static PageCursor AfterKey(decimal key, Guid id, decimal scale = 1) => new(new DateTimeOffset((long)(key * scale), TimeSpan.Zero), id);

    /// <summary>The number an <see cref="AfterKey"/> cursor carries.</summary>
    public decimal Key(decimal scale = 1) => At.UtcTicks / scale;
}

/// <summary>The one limit policy of every list: <c>?limit=</c> defaults to 20 and must be an integer from 1 to 100.</summary>
public static class PageLimit
{
    public const int Default = 20;
    public const int Max = 100;

    /// <summary>For grains called by other grains as well as by the API host, which has checked the limit already.</summary>
    public static int Clamp(int limit) => Math.Clamp(limit, 1, Max);
}
