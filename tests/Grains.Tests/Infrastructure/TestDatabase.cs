using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Tests.Infrastructure;

/// <summary>A throwaway PostgreSQL database, migrated, on the server `make test` started (SOCIALFLOW_TEST_POSTGRES).</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _name;

    private TestDatabase(string name, string connectionString)
    {
        (_name, ConnectionString) = (name, connectionString);
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    /// <summary>For the tests' own reads and writes, as a second process would see the data.</summary>
    public NpgsqlDataSource DataSource { get; }

    private static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("SOCIALFLOW_TEST_POSTGRES")
        ?? throw new InvalidOperationException("SOCIALFLOW_TEST_POSTGRES is not set: run the tests with `make test` or source .data/test/env.");

    public static async Task<TestDatabase> CreateMigratedAsync()
    {
        var name = $"sf_gtest_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        var database = new TestDatabase(name, new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString);
        await MigrationRunner.ApplyAsync(database.DataSource, NullLogger.Instance);
        return database;
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        Tx.AddParameters(cmd, args);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task<int> ExecuteAsync(string sql, params object[] args)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        Tx.AddParameters(cmd, args);
        return await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await SocialFlow.ApiHost.Tests.Infrastructure.TestDatabase.DropDatabaseAsync(AdminConnectionString, _name);
    }
}
