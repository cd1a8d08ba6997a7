using Npgsql;

namespace SocialFlow.Grains.Infrastructure.Postgres;

/// <summary>
/// A statement prepared on the pooled connection it runs on, for the statements that run on every write and cost
/// more to plan than to run (a new post's statements took PostgreSQL 5–6 ms to plan and about as long to run). Npgsql
/// keeps a connection's prepared statements when the pool takes the connection back, so a connection plans such a
/// statement only for its first executions (PostgreSQL's custom plans, until it settles on the generic one). Explicit
/// preparation, not Npgsql's automatic one, which a refused Bind breaks (<see cref="PostgresRegistration"/>). Only for
/// statements whose generic plan is as good as a custom one: equality and range keys, no pattern or full-text
/// parameter the planner would need to see.
/// </summary>
public sealed class PreparedCommand : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private PreparedCommand(NpgsqlConnection connection, NpgsqlCommand command) => (_connection, Command) = (connection, command);

    public NpgsqlCommand Command { get; }

    /// <summary>Opens a connection of <paramref name="db"/> and prepares <paramref name="sql"/> with positional <paramref name="args"/> on it.</summary>
    public static async Task<PreparedCommand> OpenAsync(NpgsqlDataSource db, string sql, params object[] args)
    {
        var connection = await db.OpenConnectionAsync();
        try
        {
            var command = new NpgsqlCommand(sql, connection);
            Tx.AddParameters(command, args);
            await command.PrepareAsync();
            return new PreparedCommand(connection, command);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The rows of <paramref name="ids"/> as <paramref name="sql"/> returns them (its first column the id, its one
    /// parameter the ids as uuid[]): the read of a <see cref="GroupReader{TKey, TValue}"/>. Ids without a row are absent.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, T>> ReadByIdAsync<T>(NpgsqlDataSource db, string sql, IReadOnlyList<Guid> ids, Func<NpgsqlDataReader, T> map)
    {
        await using var cmd = await OpenAsync(db, sql, ids.ToArray());
        await using var r = await cmd.Command.ExecuteReaderAsync();
        var rows = new Dictionary<Guid, T>(ids.Count);
        while (await r.ReadAsync()) rows[r.GetGuid(0)] = map(r);
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Command.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
