using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Testing;

/// <summary>
/// A throwaway PostgreSQL database on the server `make test` started (SOCIALFLOW_TEST_POSTGRES): empty for a host that
/// migrates it at start, or migrated here for tests that run silos or stores without one.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public string ConnectionString { get; }
    private readonly string _admin;
    private readonly string _name;
    private readonly Lazy<NpgsqlDataSource> _dataSource;

    private TestDatabase(string admin, string name, string connectionString)
    {
        (_admin, _name, ConnectionString) = (admin, name, connectionString);
        _dataSource = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(connectionString));
    }

    /// <summary>For the tests' own reads and writes, as a second process would see the data.</summary>
    public NpgsqlDataSource DataSource => _dataSource.Value;

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("SOCIALFLOW_TEST_POSTGRES")
        ?? throw new InvalidOperationException("SOCIALFLOW_TEST_POSTGRES is not set: run the tests with `make test`.");

    public static string Redis =>
        Environment.GetEnvironmentVariable("SOCIALFLOW_TEST_REDIS")
        ?? throw new InvalidOperationException("SOCIALFLOW_TEST_REDIS is not set: run the tests with `make test`.");

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"sf_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        TestRunLog.Write($"database {name} created");
        var cs = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(AdminConnectionString, name, cs);
    }

    /// <summary>A database with the schema applied, for silos started without the host that would migrate it.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync()
    {
        var database = await CreateAsync();
        await MigrationRunner.ApplyAsync(database.DataSource, NullLogger.Instance);
        return database;
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task<int> ExecuteAsync(string sql, params object[] args)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Bare accounts (no session, no profile), for tests of statements that join accounts.</summary>
    public Task<int> AccountsAsync(params Guid[] ids) => ExecuteAsync("""
        INSERT INTO accounts (id, email, username, password_hash)
        SELECT id, replace(id::text, '-', '') || '@example.com', 'a' || left(replace(id::text, '-', ''), 20), 'seeded' FROM unnest($1::uuid[]) AS t (id)
        """, ids);

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated) await _dataSource.Value.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await DropDatabaseAsync(_admin, _name);
    }

    /// <summary>
    /// DROP … WITH (FORCE) ends other sessions on the database, but PostgreSQL 15 refuses to end an autovacuum worker
    /// for a non-superuser (42501), which busy tests can trigger: wait for the worker to finish and try again.
    /// </summary>
    public static async Task DropDatabaseAsync(string adminConnectionString, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var admin = new NpgsqlConnection(adminConnectionString);
                await admin.OpenAsync();
                await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is "42501" or "55006" && attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }
}
