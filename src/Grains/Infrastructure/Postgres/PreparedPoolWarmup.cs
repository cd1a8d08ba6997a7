using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Scheduling;

namespace SocialFlow.Grains.Infrastructure.Postgres;

/// <summary>
/// Opens <see cref="PostgresOptions.PreparedWarmConnections"/> connections of the prepared pool once, when the host
/// starts; the pool keeps them (its minimum size), so a burst of requests borrows connections that exist rather than
/// opening new ones in the middle of it. A new connection costs PostgreSQL a backend, authentication and catalogue
/// loading, and its first run of a prepared statement 7–24 ms (the For-you candidates' statement, against 3–4 ms after):
/// in session 39's recommendations benchmark a burst at the end of a phase opened seven and pages waited up to 116 ms.
/// Once the host has started, so after the migrations (the data source learns the database's types from its first
/// connection: one opened before the migration that creates citext could not read citext columns); in the background,
/// and a failure only leaves the pool to grow as it is used.
/// </summary>
public sealed class PreparedPoolWarmup(
    [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, IOptions<PostgresOptions> options,
    IHostApplicationLifetime lifetime, ILogger<PreparedPoolWarmup> logger) : BackgroundService
{
    public static int Count(PostgresOptions options) => Math.Min(options.PreparedWarmConnections, options.PreparedMaxConnections);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await lifetime.WhenStartedAsync(ct);
        // Opened side by side and held until all are open: one borrowed and returned at a time would be the same one.
        var opening = Enumerable.Range(0, Count(options.Value)).Select(_ => prepared.OpenConnectionAsync(ct).AsTask()).ToList();
        try
        {
            await Task.WhenAll(opening);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Could not open the prepared pool's connections at start ({Error}); it opens them as it is used", e.Message);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var open in opening.Where(o => o.IsCompletedSuccessfully)) await open.Result.DisposeAsync();
        }
    }
}
