using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.ApiHost.Tests;

public sealed class MigrationTests
{
    /// <summary>Two silos starting on an empty database: the one that waited for the other's migrations still reads citext.</summary>
    [Fact]
    public async Task ApplyAsync_DataSourceUsedBeforeAnotherStarterMigrated_ReadsCitextColumns()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var waiter = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var first = waiter.CreateCommand("SELECT 1")) await first.ExecuteScalarAsync();
        await using (var migrator = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await MigrationRunner.ApplyAsync(migrator, NullLogger.Instance);
        }

        await MigrationRunner.ApplyAsync(waiter, NullLogger.Instance);

        await using var cmd = waiter.CreateCommand("SELECT 'Someone@Example.com'::citext");
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("Someone@Example.com", reader.GetString(0));
    }
}
