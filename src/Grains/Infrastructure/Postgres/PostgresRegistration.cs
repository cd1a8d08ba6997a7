using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialFlow.Grains.Infrastructure.Postgres;

public static class PostgresRegistration
{
    /// <summary>
    /// The key of the data source for <see cref="PreparedCommand"/>: the same database, at most PreparedMaxConnections, and
    /// <c>plan_cache_mode = force_generic_plan</c>, so that a prepared statement is planned once per connection. Left to
    /// choose, PostgreSQL kept making custom plans (a custom plan's estimate is never worse than the generic one's), and
    /// the setting cannot be given per statement: on the main pool it would make the unprepared statements that need to
    /// see their values (a search's words) plan without them too. Whatever runs here is planned without its values.
    /// </summary>
    public const string PreparedPool = "prepared";

    /// <summary>Generic plans, and neither JIT compilation nor parallel workers: a generic plan's cost estimate can be far
    /// above what it runs (it guesses an array parameter's rows), and above jit_above_cost each execution compiled its
    /// expressions (tens of milliseconds) for a statement of one, above the parallel thresholds it started two worker
    /// processes for a ranking's candidates (150 ms instead of 6 under load on two cores).</summary>
    private const string GenericPlans = "-c plan_cache_mode=force_generic_plan -c jit=off -c max_parallel_workers_per_gather=0";

    /// <summary>The PostgreSQL data source every store and directory grain uses, and the prepared statements' (<see cref="PreparedPool"/>).</summary>
    public static IServiceCollection AddPostgres(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            // No automatic preparation (Max Auto Prepare = 0). Npgsql 10.0.3 prepares a statement on its Nth use by sending
            // Parse with the Bind; when PostgreSQL refuses the Bind (a NUL in a text value: 22021), the statement is kept as
            // prepared but without its row description, and the next execution of that SQL on that pooled connection fails
            // with "Received unexpected backend message DataRow" (tests/Grains.Tests/Postgres/FailedWritesTests.cs). The
            // statement that runs again and again, the engagement batch, is prepared explicitly on its writer's own
            // connections (EngagementBatch.CommitAsync), which does not have this flaw.
            var options = sp.GetRequiredService<IOptions<PostgresOptions>>().Value;
            return Build(new NpgsqlConnectionStringBuilder(options.ConnectionString));
        });
        services.AddKeyedSingleton(PreparedPool, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<PostgresOptions>>().Value;
            return Build(WithOptions(new NpgsqlConnectionStringBuilder(options.ConnectionString)
            {
                MaxPoolSize = options.PreparedMaxConnections,
                MinPoolSize = PreparedPoolWarmup.Count(options),
                ApplicationName = PreparedPool,
            }, GenericPlans));
        });
        services.AddHostedService<PreparedPoolWarmup>();
        return services;
    }

    /// <summary>
    /// A second data source over the same database under <paramref name="key"/>, for one domain's heavy reads: its own
    /// pool of at most MaxConnections, so that a burst of those reads waits for one of them rather than crowding the
    /// database with more statements than it has cores (each then runs slower: on two cores, 64 concurrent searches
    /// cost PostgreSQL 5.7 ms of CPU each against 2.2 ms with 8) and rather than taking the connections that writes need
    /// (a bulkhead); and PostgreSQL cancels any of its statements after StatementTimeout (SQLSTATE 57014).
    /// </summary>
    /// <param name="genericPlans">For a pool where only prepared statements run (<see cref="PreparedPool"/>).</param>
    public static IServiceCollection AddPostgresReadPool(
        this IServiceCollection services, string key, Func<IServiceProvider, (int MaxConnections, TimeSpan StatementTimeout)> limits,
        bool genericPlans = false) =>
        services.AddKeyedSingleton(key, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<PostgresOptions>>().Value;
            var (maxConnections, statementTimeout) = limits(sp);
            var timeout = $"-c statement_timeout={(long)statementTimeout.TotalMilliseconds}";
            return Build(WithOptions(new NpgsqlConnectionStringBuilder(options.ConnectionString)
            {
                MaxPoolSize = maxConnections,
                ApplicationName = key,
            }, genericPlans ? $"{timeout} {GenericPlans}" : timeout));
        });

    /// <summary>Adds server settings to the connection string's own (its Options keep theirs).</summary>
    private static NpgsqlConnectionStringBuilder WithOptions(NpgsqlConnectionStringBuilder connectionString, string settings)
    {
        connectionString.Options = $"{connectionString.Options} {settings}".Trim();
        return connectionString;
    }

    /// <summary>
    /// No reset on close: a pooled connection's reset (DISCARD ALL, or on a connection with prepared statements
    /// SET SESSION AUTHORIZATION, RESET ALL, pg_advisory_unlock_all, DISCARD SEQUENCES and TEMP) ran ahead of the next
    /// statement on every borrowing: 18 statements a post in the event path (pg_stat_statements, search benchmark's
    /// ingest). Nothing here leaves session state behind: settings are SET LOCAL or startup options, no temporary
    /// tables, the migrations' advisory lock is released in a finally, the dispatcher's LISTEN is ended before its
    /// connection goes back; an open transaction is rolled back on return whatever this setting.
    /// </summary>
    private static NpgsqlDataSource Build(NpgsqlConnectionStringBuilder connectionString)
    {
        connectionString.MaxAutoPrepare = 0;
        connectionString.NoResetOnClose = true;
        return new NpgsqlDataSourceBuilder(connectionString.ConnectionString).Build();
    }
}
