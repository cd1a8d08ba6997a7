using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialFlow.Grains.Infrastructure.Postgres;

public static class PostgresRegistration
{
    /// <summary>The PostgreSQL data source every store and directory grain uses.</summary>
    public static IServiceCollection AddPostgres(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            // Statements that run again and again (the engagement batch is one large CTE) are prepared once per
            // connection instead of being parsed and planned on every execution.
            var options = sp.GetRequiredService<IOptions<PostgresOptions>>().Value;
            var connectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { MaxAutoPrepare = 128, AutoPrepareMinUsages = 2 };
            return new NpgsqlDataSourceBuilder(connectionString.ConnectionString).Build();
        });
        return services;
    }
}
