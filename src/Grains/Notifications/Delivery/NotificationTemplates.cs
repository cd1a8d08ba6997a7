using System.Text;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.Grains.Notifications.Delivery;

/// <summary>The words of a notification, per type: push title/body and email subject/text (one, or a digest), around its headline.</summary>
public static class NotificationTemplates
{
    public static (string Title, string Body) Push(NotificationView n) => ("SocialFlow", n.Text is { } t && n.Type != NotificationType.System
        ? $"{NotificationHeadline.Of(n)}: {t}" : NotificationHeadline.Of(n));

    public static OutboxEmailText Email(IReadOnlyList<NotificationView> items, string baseUrl)
    {
        var link = $"{baseUrl.TrimEnd('/')}/notifications";
        if (items.Count == 1)
        {
            var n = items[0];
            var body = new StringBuilder().AppendLine(NotificationHeadline.Of(n) + ".");
            if (n.Text is { } text) body.AppendLine().AppendLine($"\"{text}\"");
            body.AppendLine().AppendLine($"See it on SocialFlow: {link}").AppendLine().AppendLine("You can choose which emails you get in your notification preferences.");
            return new OutboxEmailText($"notification_{NotificationNames.Of(n.Type)}", NotificationHeadline.Of(n), body.ToString());
        }
        var digest = new StringBuilder().AppendLine($"You have {items.Count} new notifications:").AppendLine();
        foreach (var n in items) digest.AppendLine($"- {NotificationHeadline.Of(n)}");
        digest.AppendLine().AppendLine($"See them on SocialFlow: {link}").AppendLine().AppendLine("You can choose which emails you get in your notification preferences.");
        return new OutboxEmailText("notification_digest", $"{items.Count} new notifications on SocialFlow", digest.ToString());
    }
}

public sealed record OutboxEmailText(string Kind, string Subject, string Body);
