namespace SocialFlow.Grains.Notifications;

/// <summary>
/// A notification's id is derived from its group key (user, type, subject), so a per-grain write and a set-based one
/// (likes, fan-out) land on the same row. Opaque to clients like any other id.
/// </summary>
public static class NotificationIds
{
    /// <summary>The SQL expression of the id, given the SQL of a user id (uuid), a type name (text) and a subject id (uuid).</summary>
    public static string Sql(string userId, string type, string subjectId) =>
        $"md5({userId}::uuid::text || '/' || {type}::text || '/' || {subjectId}::uuid::text)::uuid";
}
