using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Tests.Postgres;

/// <summary>
/// Prepared statements run on their own pool, where PostgreSQL plans each once per connection (generic plans); the main
/// pool keeps PostgreSQL's own choice, which the statements that must see their values (a search's words) need.
/// </summary>
public sealed class PreparedPoolTests
{
    [Fact]
    public async Task PreparedPool_UsesGenericPlans_MainPoolDoesNot_BothKeepTheConnectionStringsOwnSettings()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Options = "-c work_mem=7MB" }.ConnectionString;
        var configuration = Settings(connectionString);
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPostgres(configuration).BuildServiceProvider();

        await using (var cmd = await PreparedCommand.OpenAsync(services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresRegistration.PreparedPool),
            "SELECT current_setting('plan_cache_mode'), current_setting('work_mem'), current_setting('application_name')"))
        await using (var r = await cmd.Command.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            Assert.Equal(("force_generic_plan", "7MB", PostgresRegistration.PreparedPool), (r.GetString(0), r.GetString(1), r.GetString(2)));
        }
        await using var main = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT current_setting('plan_cache_mode'), current_setting('work_mem')");
        await using var m = await main.ExecuteReaderAsync();
        Assert.True(await m.ReadAsync());
        Assert.Equal(("auto", "7MB"), (m.GetString(0), m.GetString(1)));
    }

    [Fact]
    public async Task PreparedCommand_SecondUseOnTheConnection_IsNotPlannedAgain()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var configuration = Settings(database.ConnectionString, ("PreparedMaxConnections", "1"));
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPostgres(configuration).BuildServiceProvider();
        var prepared = services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresRegistration.PreparedPool);
        const string Sql = "SELECT count(*) FROM accounts WHERE id = $1";

        for (var i = 0; i < 3; i++)
        {
            await using var cmd = await PreparedCommand.OpenAsync(prepared, Sql, Guid.NewGuid());
            Assert.Equal(0L, await cmd.Command.ExecuteScalarAsync());
        }

        // The one connection holds the statement once, with its generic plan (pg_prepared_statements counts its uses).
        await using var check = await PreparedCommand.OpenAsync(prepared,
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1", Sql);
        await using var r = await check.Command.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal((3L, 0L), (r.GetInt64(0), r.GetInt64(1)));
        Assert.False(await r.ReadAsync());
    }

    [Fact]
    public async Task Warmup_OnceTheHostHasStarted_OpensTheWarmConnectionsAndThePoolKeepsThem()
    {
        await using var database = await TestDatabase.CreateAsync();
        var configuration = Settings(database.ConnectionString, ("PreparedMaxConnections", "5"), ("PreparedWarmConnections", "3"));
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddPostgres(configuration)
            .AddSingleton<ApplicationLifetime>().AddSingleton<IHostApplicationLifetime>(sp => sp.GetRequiredService<ApplicationLifetime>())
            .BuildServiceProvider();
        const string Open = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'prepared'";
        var warmup = services.GetServices<IHostedService>().OfType<PreparedPoolWarmup>().Single();

        await warmup.StartAsync(CancellationToken.None);
        // Not before the host has started, i.e. after the migrations.
        await Task.Delay(200);
        Assert.Equal(0L, await database.ScalarAsync<long>(Open));
        services.GetRequiredService<ApplicationLifetime>().NotifyStarted();
        await warmup.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3L, await database.ScalarAsync<long>(Open));
        await using (var cmd = await PreparedCommand.OpenAsync(services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresRegistration.PreparedPool), "SELECT 1"))
        {
            Assert.Equal(1, await cmd.Command.ExecuteScalarAsync());
        }
        Assert.Equal(3L, await database.ScalarAsync<long>(Open));
    }

    /// <summary>The Postgres section: the connection string and the given options.</summary>
    private static IConfiguration Settings(string connectionString, params (string Name, string Value)[] options) =>
        new ConfigurationBuilder().AddInMemoryCollection(options
            .Select(o => KeyValuePair.Create<string, string?>($"{PostgresOptions.Section}:{o.Name}", o.Value))
            .Append(KeyValuePair.Create<string, string?>($"{PostgresOptions.Section}:ConnectionString", connectionString))).Build();
}
