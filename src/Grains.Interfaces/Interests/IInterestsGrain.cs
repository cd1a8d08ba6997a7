using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Interfaces.Interests;

/// <summary>Where an interest comes from: picked by the person, or inferred from what they do (recommendations); Removed
/// marks one the person took away, which inference never brings back (never shown).</summary>
public enum InterestSource { Picked, Inferred, Removed }

/// <summary>One interest of a person, with its weight (1 for a picked one).</summary>
[GenerateSerializer, Immutable]
public sealed record UserInterest(
    [property: Id(0)] string Interest, [property: Id(1)] InterestSource Source, [property: Id(2)] double Weight, [property: Id(3)] DateTimeOffset UpdatedAt);

/// <summary>What an interest may be: written and normalised as a hashtag (<see cref="Hashtag.Normalise"/>: letters,
/// digits and underscores, lower case, no '#'), at most <see cref="MaxLength"/> characters.</summary>
public static class Interest
{
    public const int MaxLength = 50, MaxPicked = 50;

    /// <summary>The interest as stored, or null when it could not be one.</summary>
    public static string? Normalise(string? text) => text is null ? null : Hashtag.Normalise(text.Trim()) is { Length: <= MaxLength } n ? n : null;

    /// <summary>An account the person is inferred to be interested in: '@' and its id (32 hex digits).</summary>
    public static string Account(Guid accountId) => "@" + accountId.ToString("N");

    /// <summary>The account an interest names, or null for a tag.</summary>
    public static Guid? AccountOf(string interest) =>
        interest.StartsWith('@') && Guid.TryParseExact(interest.AsSpan(1), "N", out var id) ? id : null;

    /// <summary>An interest as a person names it to remove it: an account ('@' and its id) or a tag (normalised).</summary>
    public static string? Parse(string? text) => text is not null && AccountOf(text.Trim()) is { } account ? Account(account) : Normalise(text);
}

/// <summary>An interest inferred from what a person does (a tag, or an account as <see cref="Interest.Account"/>), with its weight (0 to 1).</summary>
[GenerateSerializer, Immutable]
public sealed record InferredInterest([property: Id(0)] string Interest, [property: Id(1)] double Weight);

/// <summary>
/// One person's interests (key: the user id): the single writer of their rows in user_interests. Picked interests are set
/// by the person; inferred ones (weights, which the person may remove) are for recommendations to add.
/// </summary>
public interface IInterestsGrain : IGrainWithGuidKey
{
    /// <summary>From memory; interleaved, since the ads decision grain it tells of changes asks for them when it activates.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<UserInterest>> InterestsAsync();

    /// <summary>Replaces the picked interests (already normalised, at most <see cref="Interest.MaxPicked"/>); durable when it returns.</summary>
    Task<IReadOnlyList<UserInterest>> SetPickedAsync(IReadOnlyList<string> interests);

    /// <summary>Replaces the inferred interests (tags and accounts with weights), leaving out any the person removed; durable when it returns.</summary>
    Task<IReadOnlyList<UserInterest>> SetInferredAsync(IReadOnlyList<InferredInterest> interests);

    /// <summary>Removes a picked or inferred interest; an inferred one stays removed. False when the person had no such interest.</summary>
    Task<bool> RemoveAsync(string interest);
}
