namespace SocialFlow.Grains.Interfaces.Users;

[GenerateSerializer, Immutable]
public sealed record PublicProfile(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Username,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string? Bio,
    [property: Id(4)] string? AvatarUrl,
    [property: Id(5)] IReadOnlyList<string> Links,
    [property: Id(6)] UserCounts Counts,
    [property: Id(7)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable]
public sealed record PrivateProfile(
    [property: Id(0)] PublicProfile Public,
    [property: Id(1)] string Email,
    [property: Id(2)] bool EmailVerified,
    [property: Id(3)] string? Locale,
    [property: Id(4)] bool TwoFactorEnabled,
    [property: Id(5)] IReadOnlyList<string> Roles);

[GenerateSerializer, Immutable]
public sealed record UserCounts(
    [property: Id(0)] long Followers,
    [property: Id(1)] long Following,
    [property: Id(2)] long Videos,
    [property: Id(3)] long Posts)
{
    public static readonly UserCounts Zero = new(0, 0, 0, 0);
}

/// <summary>Only the fields a user may change; null means "leave as is".</summary>
[GenerateSerializer, Immutable]
public sealed record ProfilePatch(
    [property: Id(0)] string? DisplayName,
    [property: Id(1)] string? Bio,
    [property: Id(2)] string? AvatarUrl,
    [property: Id(3)] IReadOnlyList<string>? Links,
    [property: Id(4)] string? Locale);

[GenerateSerializer, Immutable]
public sealed record UserPreferences(
    [property: Id(0)] string Theme,
    [property: Id(1)] bool Autoplay,
    [property: Id(2)] string PlaybackQuality,
    [property: Id(3)] bool EmailNotifications,
    [property: Id(4)] bool PushNotifications,
    [property: Id(5)] bool PrivateAccount,
    [property: Id(6)] string? ContentLanguage)
{
    public static readonly UserPreferences Default = new("system", true, "auto", true, true, false, null);
}
