using Npgsql;
using SocialFlow.Grains.Infrastructure.Events;

namespace SocialFlow.Grains.Infrastructure.Postgres;

/// <summary>A connection with an open transaction, and positional-parameter commands on it.</summary>
public sealed class Tx : IAsyncDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private bool _wakesDispatchers;

    private Tx(NpgsqlDataSource db, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        (_db, _connection, _transaction) = (db, connection, transaction);

    public static async Task<Tx> BeginAsync(NpgsqlDataSource db)
    {
        var connection = await db.OpenConnectionAsync();
        return new Tx(db, connection, await connection.BeginTransactionAsync());
    }

    /// <summary>The transaction queued domain events: once committed, the event dispatchers are told (<see cref="OutboxWakeup"/>).</summary>
    internal void WakeDispatchersOnCommit() => _wakesDispatchers = true;

    public NpgsqlCommand Command(string sql, params object[] args)
    {
        var cmd = new NpgsqlCommand(sql, _connection, _transaction);
        AddParameters(cmd, args);
        return cmd;
    }

    public async Task<int> ExecuteAsync(string sql, params object[] args)
    {
        await using var cmd = Command(sql, args);
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A command prepared on this transaction's connection: for a transaction begun on the
    /// <see cref="PostgresRegistration.PreparedPool"/>, whose connections keep their prepared statements, so a statement
    /// that runs on every write is planned only for its first executions on each connection (see <see cref="PreparedCommand"/>).
    /// </summary>
    public async Task<NpgsqlCommand> PreparedAsync(string sql, params object[] args)
    {
        var cmd = Command(sql, args);
        try
        {
            await cmd.PrepareAsync();
            return cmd;
        }
        catch
        {
            await cmd.DisposeAsync();
            throw;
        }
    }

    public async Task<int> ExecutePreparedAsync(string sql, params object[] args)
    {
        await using var cmd = await PreparedAsync(sql, args);
        return await cmd.ExecuteNonQueryAsync();
    }

    public async Task CommitAsync()
    {
        await _transaction.CommitAsync();
        if (_wakesDispatchers) OutboxWakeup.For(_db).Notify();
    }

    /// <summary>Positional parameters: each value, or a parameter given as it is (one that needs its type, e.g. a null uuid).</summary>
    public static void AddParameters(NpgsqlCommand cmd, params object[] args)
    {
        foreach (var arg in args) cmd.Parameters.Add(arg as NpgsqlParameter ?? new NpgsqlParameter { Value = arg });
    }

    /// <summary>The first column of every row the command returns, as ids.</summary>
    public static async Task<List<Guid>> ReadIdsAsync(NpgsqlCommand cmd)
    {
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        try
        {
            await _connection.DisposeAsync();
        }
        catch (NpgsqlOperationInProgressException)
        {
            // A command of this transaction failed part way and the connection's reset refuses to run after it. That
            // command's own exception is the one the caller must see; thrown from here, this one would replace it
            // (seen once in CI as a 500 on register, the original lost).
        }
    }
}
