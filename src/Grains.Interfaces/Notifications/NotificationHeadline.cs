namespace SocialFlow.Grains.Interfaces.Notifications;

/// <summary>
/// A notification in one line ("ada and 2 others liked your video"): the API's title, and the first words of its push
/// and email, so every channel says the same.
/// </summary>
public static class NotificationHeadline
{
    public static string Of(NotificationView n)
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
            NotificationType.System when n.SubjectKind == "payment" && n.Text is { } paid => $"{who} {paid}",
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
}
