using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Notifications;

/// <summary>
/// Whether a recipient hears nothing from an actor: the recipient muted the actor, or either blocked the other.
/// The one place that reads mutes and blocks for notifications: per fact (<see cref="INotificationActorFilter"/>, for the
/// grain) and as a SQL predicate (<see cref="Sql"/>, for the set-based writers). The social graph may replace both with
/// a cheaper check.
/// </summary>
public interface INotificationActorFilter
{
    Task<bool> SuppressesAsync(Guid recipientId, Guid actorId);
}

public sealed class PostgresActorFilter(NpgsqlDataSource db) : INotificationActorFilter
{
    /// <summary>A SQL condition, true when <paramref name="recipient"/> must not hear from <paramref name="actor"/> (SQL uuid expressions).</summary>
    public static string Sql(string recipient, string actor) => $"""
        (EXISTS (SELECT 1 FROM mutes WHERE muter_id = {recipient} AND muted_id = {actor})
         OR EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = {recipient} AND blocked_id = {actor}) OR (blocker_id = {actor} AND blocked_id = {recipient})))
        """;

    public async Task<bool> SuppressesAsync(Guid recipientId, Guid actorId)
    {
        await using var cmd = db.CreateCommand($"SELECT {Sql("$1::uuid", "$2::uuid")}");
        Tx.AddParameters(cmd, recipientId, actorId);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
