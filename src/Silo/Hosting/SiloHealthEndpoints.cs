using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Orleans.Runtime;
using SocialFlow.Grains.Interfaces;

namespace SocialFlow.Silo.Hosting;

public static class SiloHealthEndpoints
{
    /// <summary>Probes for a standalone silo: live while the process serves, ready when it is an active cluster member and PostgreSQL answers.</summary>
    public static IEndpointRouteBuilder MapSiloHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        routes.MapGet("/health/ready", async (IGrainFactory grains, NpgsqlDataSource db, CancellationToken ct) =>
        {
            try
            {
                await grains.Ref<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(3), ct);
                await using var cmd = db.CreateCommand("SELECT 1");
                await cmd.ExecuteScalarAsync(ct).WaitAsync(TimeSpan.FromSeconds(3), ct);
                return Results.Ok(new { status = "ready" });
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return Results.Json(new { status = "not_ready", reason = e.GetType().Name }, statusCode: 503);
            }
        });
        return routes;
    }
}
