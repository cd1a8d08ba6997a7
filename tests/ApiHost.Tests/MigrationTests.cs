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

    /// <summary>Videos registered as content before unready videos became owner-only get the owner-only audience.</summary>
    [Fact]
    public async Task UnreadyVideosOwnerOnly_MakesTheContentOfUnreadyVideosPrivate_AndLeavesReadyOnes()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var (uploading, failed, ready) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var (id, status) in new[] { (uploading, "uploading"), (failed, "failed"), (ready, "ready") })
        {
            await database.ExecuteAsync("""
                INSERT INTO videos (id, owner_id, title, visibility, status, size_bytes, created_at, version, state)
                VALUES ($1, $2, 'clip', 'public', $3, 1, now(), 1, '\x00'::bytea)
                """, id, Guid.NewGuid(), status);
            await database.ExecuteAsync("INSERT INTO content (id, kind, owner_id, visibility, created_at) VALUES ($1, 'video', $2, 'public', now())", id, Guid.NewGuid());
        }

        await database.ExecuteAsync("DELETE FROM schema_migrations WHERE name = '0021_unready_videos_owner_only.sql'");
        await MigrationRunner.ApplyAsync(database.DataSource, NullLogger.Instance);

        foreach (var (id, expected) in new[] { (uploading, "private"), (failed, "private"), (ready, "public") })
        {
            Assert.Equal(expected, await database.ScalarAsync<string>("SELECT visibility FROM content WHERE id = $1", id));
        }
    }
}
