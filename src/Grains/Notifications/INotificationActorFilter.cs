using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Notifications;

/// <summary>
/// Whether a recipient hears nothing from an actor: the recipient muted the actor, or either blocked the other.
/// The seam the social graph may replace with a cheaper (cached) check.
/// </summary>
public interface INotificationActorFilter
{
    Task<bool> SuppressesAsync(Guid recipientId, Guid actorId);
}

public sealed class PostgresActorFilter(NpgsqlDataSource db) : INotificationActorFilter
{
    public async Task<bool> SuppressesAsync(Guid recipientId, Guid actorId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM mutes WHERE muter_id = $1 AND muted_id = $2)
                OR EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1))
            """);
        Tx.AddParameters(cmd, recipientId, actorId);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
