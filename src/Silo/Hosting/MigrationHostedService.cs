using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Silo.Hosting;

public sealed class MigrationHostedService(NpgsqlDataSource db, ILogger<MigrationHostedService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => MigrationRunner.ApplyAsync(db, logger, ct);
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
