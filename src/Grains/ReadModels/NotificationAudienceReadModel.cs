using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Notifications;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// Who hears from whom, for notifications: an author's followers, page by page, and whether a recipient hears nothing
/// from an actor (the recipient muted the actor, or either blocked the other). Per fact for the notification grain
/// (<see cref="INotificationActorFilter"/>) and as SQL for the set-based writers (NewContentFanout,
/// LikeNotificationProjector), which put these fragments inside their own statements.
/// <para>
/// Reads follows, mutes and blocks (Social: written by SocialGraphGrain through GraphStore). Why a join: a new post of an
/// author with many followers, or a round of likes over many items, is one statement per page or batch, so no grain is
/// activated per follower or liker; asking each follower's graph grain would be one call per follower per item. Why it
/// is safe: read only; the graph writes an edge and its event in one transaction, so a statement sees each edge either
/// before or after its change, and a notification written just before a block or mute is what a grain would have written too.
/// </para>
/// </summary>
public sealed class NotificationAudienceReadModel(NpgsqlDataSource db) : INotificationActorFilter
{
    /// <summary>A SQL condition, true when <paramref name="recipient"/> must not hear from <paramref name="actor"/> (SQL uuid expressions).</summary>
    public static string HiddenSql(string recipient, string actor) => $"""
        (EXISTS (SELECT 1 FROM mutes WHERE muter_id = {recipient} AND muted_id = {actor})
         OR EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = {recipient} AND blocked_id = {actor}) OR (blocker_id = {actor} AND blocked_id = {recipient})))
        """;

    /// <summary>True when the account has a verified email address (accounts, written by Users): notification email goes
    /// only there, so no delivery is queued that can only end as "no_address".</summary>
    public static string VerifiedEmailSql(string user) => $"EXISTS (SELECT 1 FROM accounts a WHERE a.id = {user} AND a.email_verified)";

    /// <summary>
    /// A query of one page of <paramref name="author"/>'s followers as (follower_id, created_at), newest edge first,
    /// after the cursor (<paramref name="at"/>, <paramref name="id"/>; a null time: from the start), at most <paramref name="limit"/>.
    /// </summary>
    public static string FollowersPageSql(string author, string at, string id, string limit) => $"""
        SELECT follower_id, created_at FROM follows
                   WHERE followee_id = {author} AND ({at}::timestamptz IS NULL OR (created_at, follower_id) < ({at}, {id}))
                   ORDER BY created_at DESC, follower_id DESC LIMIT {limit}
        """;

    public async Task<bool> SuppressesAsync(Guid recipientId, Guid actorId)
    {
        await using var cmd = db.CreateCommand($"SELECT {HiddenSql("$1::uuid", "$2::uuid")}");
        Tx.AddParameters(cmd, recipientId, actorId);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
