using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Moderation;

/// <summary>A strike as its account sees it: what was done, why, to what, until when, and how to appeal.</summary>
[GenerateSerializer, Immutable]
public sealed record StrikeView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Action,
    [property: Id(2)] string Reason,
    [property: Id(3)] ModerationTargetType TargetType,
    [property: Id(4)] Guid TargetId,
    [property: Id(5)] DateTimeOffset? Until,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset AppealableUntil,
    [property: Id(8)] bool Reversed,
    [property: Id(9)] AppealView? Appeal);

[GenerateSerializer, Immutable]
public sealed record AppealView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid StrikeId,
    [property: Id(2)] Guid AccountId,
    [property: Id(3)] string Text,
    [property: Id(4)] string Status,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? DecidedAt,
    [property: Id(7)] string? DecisionReason,
    [property: Id(8)] StrikeView? Strike = null);

[GenerateSerializer, Immutable]
public sealed record StrikePage([property: Id(0)] IReadOnlyList<StrikeView> Items, [property: Id(1)] PageCursor? Next);

[GenerateSerializer, Immutable]
public sealed record AppealPage([property: Id(0)] IReadOnlyList<AppealView> Items, [property: Id(1)] PageCursor? Next);

/// <summary>An account's moderation record, for the admin console: its strikes in force, reports against its things and reports it filed.</summary>
[GenerateSerializer, Immutable]
public sealed record ModerationRecord([property: Id(0)] int Strikes, [property: Id(1)] int ReportsAgainst, [property: Id(2)] int ReportsBy);

public enum AppealStatus { Filed, NotFound, AlreadyAppealed, TooLate, Reversed }

[GenerateSerializer, Immutable]
public sealed record AppealOutcome([property: Id(0)] AppealStatus Status, [property: Id(1)] AppealView? Appeal = null);

/// <summary>Strikes and appeals (key 0).</summary>
public interface IStrikesGrain : IGrainWithIntegerKey
{
    Task<StrikePage> ListAsync(Guid accountId, PageCursor? after, int limit);

    /// <summary>One appeal per strike, by its account, within the appeal window; it joins the moderation queue as an
    /// item whose id is the appeal's (decided there, see <see cref="IModerationQueueGrain.ResolveAsync"/>).</summary>
    Task<AppealOutcome> AppealAsync(Guid accountId, Guid strikeId, string text);

    /// <summary>Pending appeals, oldest first.</summary>
    Task<AppealPage> ListPendingAppealsAsync(PageCursor? after, int limit);

    Task<ModerationRecord> RecordOfAsync(Guid accountId);
}
