using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.Grains.Interfaces.Interests;

/// <summary>Where an interest comes from: picked by the person, or inferred from what they do (recommendations).</summary>
public enum InterestSource { Picked, Inferred }

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
}

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
}
