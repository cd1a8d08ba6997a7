using System.Text.RegularExpressions;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.ApiHost.Contracts;

public sealed record NotificationActor(Guid Id, string Username);

/// <summary>One grouped notification: `actor_count` distinct people, the newest few in `latest_actors`, `title` in words.</summary>
public sealed record NotificationResponse(
    Guid Id, string Type, string Title, string SubjectKind, Guid SubjectId, Guid? ItemId, Guid? CommentId, string? Text,
    int ActorCount, IReadOnlyList<NotificationActor> LatestActors, bool Read, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static NotificationResponse From(NotificationView n) => new(
        n.Id, NotificationNames.Of(n.Type), NotificationHeadline.Of(n), n.SubjectKind, n.SubjectId, n.ItemId, n.CommentId, n.Text,
        n.ActorCount, n.LatestActors.Select(a => new NotificationActor(a.Id, a.Username)).ToList(), n.Read, n.CreatedAt, n.UpdatedAt);
}

public sealed record UnreadCountResponse(long UnreadCount);

public sealed record ReadAllResponse(int Marked);

/// <summary>`{ "preferences": { "like": { "in_app": true, "push": true, "email": false }, … } }`; a PUT may name any subset.</summary>
public sealed record NotificationPreferencesDto(Dictionary<string, Dictionary<string, bool>>? Preferences) : IValidatable
{
    public static readonly string[] Channels = ["in_app", "push", "email"];
    public static readonly string[] Types = [.. Enum.GetValues<NotificationType>().Select(NotificationNames.Of)];

    public void Validate(FieldErrors errors)
    {
        if (Preferences is null) { errors.Add("preferences", "is required"); return; }
        if (Preferences.Count > Types.Length) { errors.Add("preferences", $"has more than {Types.Length} types"); return; }
        foreach (var (type, channels) in Preferences)
        {
            if (!Types.Contains(type)) { errors.Add($"preferences.{type}", $"is not a notification type ({string.Join(", ", Types)})"); continue; }
            if (channels is null) { errors.Add($"preferences.{type}", "must be an object of channels"); continue; }
            foreach (var channel in channels.Keys.Where(c => !Channels.Contains(c)))
            {
                errors.Add($"preferences.{type}.{channel}", $"is not a channel ({string.Join(", ", Channels)})");
            }
        }
    }

    public List<NotificationPreference> ToChanges() =>
        [.. from t in Preferences! from c in t.Value select new NotificationPreference(NotificationNames.ParseType(t.Key), NotificationNames.ParseChannel(c.Key), c.Value)];

    public static NotificationPreferencesDto From(IEnumerable<NotificationPreference> all) => new(all
        .GroupBy(p => NotificationNames.Of(p.Type))
        .ToDictionary(g => g.Key, g => g.ToDictionary(p => NotificationNames.Of(p.Channel), p => p.Enabled)));
}

/// <summary>An FCM registration token (at most 4,096 of [A-Za-z0-9_:.-]) and the platform it came from.</summary>
public sealed partial record DeviceRequest(string? Token, string? Platform) : IValidatable
{
    public const int MaxTokenLength = 4096;

    public void Validate(FieldErrors errors)
    {
        if (errors.Required("token", Token, MaxTokenLength) && !TokenPattern().IsMatch(Token!)) errors.Add("token", "is not an FCM registration token");
        errors.OneOf("platform", Platform, "android", "ios", "web");
    }

    public static bool IsToken(string token) => token.Length <= MaxTokenLength && TokenPattern().IsMatch(token);

    [GeneratedRegex("^[A-Za-z0-9_:.-]+$")]
    private static partial Regex TokenPattern();
}

public sealed record DeviceResponse(string Token, string Platform);
