using System.Text;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Notifications.Delivery;

/// <summary>The words of a notification, per type: push title/body and email subject/text (one, or a digest).</summary>
public static class NotificationTemplates
{
    public static string Headline(NotificationView n)
    {
        var who = Actors(n);
        var what = n.SubjectKind switch { "video" => "video", "post" => "post", "comment" => "comment", _ => "item" };
        return n.Type switch
        {
            NotificationType.Follow => $"{who} started following you",
            NotificationType.FollowRequest => $"{who} asked to follow you",
            NotificationType.FollowApproved => $"{who} approved your follow request",
            NotificationType.Like => $"{who} liked your {what}",
            NotificationType.Comment => $"{who} commented on your {what}",
            NotificationType.Reply => $"{who} replied to your comment",
            NotificationType.Mention => $"{who} mentioned you in a {what}",
            NotificationType.NewContent => $"{who} posted a new {what}",
            NotificationType.LiveStarted => n.Text is { } title ? $"{who} is live: {title}" : $"{who} is live",
            _ => n.Text ?? "News from SocialFlow",
        };
    }

    /// <summary>"ada", "ada and bob", "ada and 41 others".</summary>
    public static string Actors(NotificationView n)
    {
        var first = n.LatestActors.Count > 0 ? n.LatestActors[0].Username : "Someone";
        return n.ActorCount switch
        {
            <= 1 => first,
            2 when n.LatestActors.Count > 1 => $"{first} and {n.LatestActors[1].Username}",
            var c => $"{first} and {c - 1} others",
        };
    }

    public static (string Title, string Body) Push(NotificationView n) => ("SocialFlow", n.Text is { } t && n.Type != NotificationType.System
        ? $"{Headline(n)}: {t}" : Headline(n));

    public static OutboxEmailText Email(IReadOnlyList<NotificationView> items, string baseUrl)
    {
        var link = $"{baseUrl.TrimEnd('/')}/notifications";
        if (items.Count == 1)
        {
            var n = items[0];
            var body = new StringBuilder().AppendLine(Headline(n) + ".");
            if (n.Text is { } text) body.AppendLine().AppendLine($"\"{text}\"");
            body.AppendLine().AppendLine($"See it on SocialFlow: {link}").AppendLine().AppendLine("You can choose which emails you get in your notification preferences.");
            return new OutboxEmailText($"notification_{NotificationNames.Of(n.Type)}", Headline(n), body.ToString());
        }
        var digest = new StringBuilder().AppendLine($"You have {items.Count} new notifications:").AppendLine();
        foreach (var n in items) digest.AppendLine($"- {Headline(n)}");
        digest.AppendLine().AppendLine($"See them on SocialFlow: {link}").AppendLine().AppendLine("You can choose which emails you get in your notification preferences.");
        return new OutboxEmailText("notification_digest", $"{items.Count} new notifications on SocialFlow", digest.ToString());
    }
}

public sealed record OutboxEmailText(string Kind, string Subject, string Body);
