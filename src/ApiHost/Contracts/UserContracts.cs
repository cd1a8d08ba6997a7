using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Contracts;

public sealed record PublicProfileResponse(
    Guid Id, string Username, string DisplayName, string? Bio, string? AvatarUrl, IReadOnlyList<string> Links,
    long FollowerCount, long FollowingCount, long VideoCount, long PostCount, DateTimeOffset CreatedAt)
{
    public static PublicProfileResponse From(PublicProfile p) => new(
        p.Id, p.Username, p.DisplayName, p.Bio, p.AvatarUrl, p.Links,
        p.Counts.Followers, p.Counts.Following, p.Counts.Videos, p.Counts.Posts, p.CreatedAt);
}

public sealed record MeResponse(
    Guid Id, string Username, string Email, bool EmailVerified, string DisplayName, string? Bio, string? AvatarUrl,
    IReadOnlyList<string> Links, string? Locale, bool TwoFactorEnabled, IReadOnlyList<string> Roles,
    long FollowerCount, long FollowingCount, long VideoCount, long PostCount, DateTimeOffset CreatedAt)
{
    public static MeResponse From(PrivateProfile p) => new(
        p.Public.Id, p.Public.Username, p.Email, p.EmailVerified, p.Public.DisplayName, p.Public.Bio, p.Public.AvatarUrl,
        p.Public.Links, p.Locale, p.TwoFactorEnabled, p.Roles,
        p.Public.Counts.Followers, p.Public.Counts.Following, p.Public.Counts.Videos, p.Public.Counts.Posts, p.Public.CreatedAt);
}

/// <summary>Only what a user may change about themselves; anything else in the body is refused.</summary>
public sealed record UpdateProfileRequest(string? DisplayName, string? Bio, string? AvatarUrl, IReadOnlyList<string>? Links, string? Locale) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (DisplayName is not null && DisplayName.Trim().Length == 0) errors.Add("display_name", "must not be empty");
        errors.MaxLength("display_name", DisplayName, 60);
        errors.MaxLength("bio", Bio, 500);
        errors.HttpUrl("avatar_url", AvatarUrl);
        if (Links is { Count: > 5 }) errors.Add("links", "at most 5 links");
        foreach (var link in Links ?? []) errors.HttpUrl("links", link);
        if (Locale is { Length: > 0 } && !System.Text.RegularExpressions.Regex.IsMatch(Locale, "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"))
        {
            errors.Add("locale", "must be a language tag such as en or pt-BR");
        }
    }

    public ProfilePatch ToPatch() => new(DisplayName?.Trim(), Bio, AvatarUrl, Links, Locale);
}

public sealed record PreferencesDto(
    string? Theme, bool? Autoplay, string? PlaybackQuality, bool? EmailNotifications, bool? PushNotifications,
    bool? PrivateAccount, string? ContentLanguage) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.OneOf("theme", Theme, "system", "light", "dark");
        errors.OneOf("playback_quality", PlaybackQuality, "auto", "240p", "360p", "480p", "720p", "1080p");
        if (Autoplay is null) errors.Add("autoplay", "is required");
        if (EmailNotifications is null) errors.Add("email_notifications", "is required");
        if (PushNotifications is null) errors.Add("push_notifications", "is required");
        if (PrivateAccount is null) errors.Add("private_account", "is required");
        errors.MaxLength("content_language", ContentLanguage, 16);
    }

    public UserPreferences ToPreferences() =>
        new(Theme!, Autoplay!.Value, PlaybackQuality!, EmailNotifications!.Value, PushNotifications!.Value, PrivateAccount!.Value, ContentLanguage);

    public static PreferencesDto From(UserPreferences p) =>
        new(p.Theme, p.Autoplay, p.PlaybackQuality, p.EmailNotifications, p.PushNotifications, p.PrivateAccount, p.ContentLanguage);
}

public sealed record SessionResponse(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt,
    string? IpAddress, string? UserAgent, bool Current);
