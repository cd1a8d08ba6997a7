using Npgsql;

namespace SocialFlow.ApiHost.Tests.Infrastructure;

/// <summary>A throwaway PostgreSQL database on the server `make test` started (SOCIALFLOW_TEST_POSTGRES).</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public string ConnectionString { get; }
    private readonly string _admin;
    private readonly string _name;

    private TestDatabase(string admin, string name, string connectionString) => (_admin, _name, ConnectionString) = (admin, name, connectionString);

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
        var cs = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(AdminConnectionString, name, cs);
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
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
