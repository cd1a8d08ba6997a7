using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Posts;

namespace SocialFlow.Grains.Tests.Postgres;

/// <summary>
/// A write PostgreSQL refuses while binding its parameters (a NUL in a text value, 22021) must leave its pooled
/// connection usable: the probe once saw the next valid PATCH of a post fail with "Received unexpected backend message
/// DataRow". The pool holds one connection, so every command below runs on the same one.
/// </summary>
public sealed class FailedWritesTests
{
    [Fact]
    public async Task UpdateAsync_ValidWritesBetweenRefusedOnes_AllValidOnesSucceed()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var services = SingleConnectionServices(database);
        var store = new PostStore(services.GetRequiredService<NpgsqlDataSource>(),
            services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresRegistration.PreparedPool));
        var post = await SeedPostAsync(database);

        var failures = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            for (var refused = 0; refused < 2; refused++)
            {
                var e = await Assert.ThrowsAsync<PostgresException>(() => store.UpdateAsync(post, $"bad\0{i}", [], [], null, DateTimeOffset.UtcNow));
                Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, e.SqlState);
            }
            try
            {
                await store.UpdateAsync(post, $"valid {i}", [$"tag{i}"], [], null, DateTimeOffset.UtcNow);
                Assert.Equal($"valid {i}", (await store.LoadAsync(post))!.Text);
            }
            catch (Exception e)
            {
                failures.Add($"valid write {i}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task DataSourceCommand_RowsAfterRefusedParameters_AreRead()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var services = SingleConnectionServices(database);
        var db = services.GetRequiredService<NpgsqlDataSource>();

        async Task<string?> EchoAsync(string value)
        {
            await using var cmd = db.CreateCommand("SELECT $1::text || '!' FROM generate_series(1, 2)");
            Tx.AddParameters(cmd, value);
            await using var r = await cmd.ExecuteReaderAsync();
            return await r.ReadAsync() ? r.GetString(0) : null;
        }

        await Assert.ThrowsAsync<PostgresException>(() => EchoAsync("a\0"));
        await Assert.ThrowsAsync<PostgresException>(() => EchoAsync("b\0"));
        Assert.Equal("ok!", await EchoAsync("ok"));
    }

    [Fact]
    public async Task PreparedCommand_RowsAfterRefusedParameters_AreRead()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var services = SingleConnectionServices(database);
        var prepared = services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresRegistration.PreparedPool);

        async Task<string?> EchoAsync(string value)
        {
            await using var cmd = await PreparedCommand.OpenAsync(prepared, "SELECT $1::text || '!' FROM generate_series(1, 2)", value);
            await using var r = await cmd.Command.ExecuteReaderAsync();
            return await r.ReadAsync() ? r.GetString(0) : null;
        }

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<PostgresException>(() => EchoAsync($"a{i}\0"));
            await Assert.ThrowsAsync<PostgresException>(() => EchoAsync($"b{i}\0"));
            Assert.Equal($"ok{i}!", await EchoAsync($"ok{i}"));
        }
    }

    /// <summary>The production data source (AddPostgres), limited to one connection, and so is the prepared statements' pool.</summary>
    private static ServiceProvider SingleConnectionServices(TestDatabase database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PostgresOptions.Section + ":ConnectionString"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1 }.ConnectionString,
            [PostgresOptions.Section + ":PreparedMaxConnections"] = "1",
        }).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPostgres(configuration).BuildServiceProvider();
    }

    private static async Task<Guid> SeedPostAsync(TestDatabase database)
    {
        var (author, post) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await database.AccountsAsync(author);
        await database.ExecuteAsync("INSERT INTO posts (id, author_id, text, visibility, created_at) VALUES ($1, $2, 'first', 'public', now())", post, author);
        return post;
    }
}
