using Orleans.Runtime;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Health;
using StackExchange.Redis;

namespace SocialFlow.ApiHost.Endpoints;

public static class HealthEndpoints
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var health = routes.MapGroup("/health").WithTags("Health").AllowAnonymous().DisableRateLimiting();
        health.MapGet("/live", () => TypedResults.Ok(new HealthReport("live", null)));
        health.MapGet("/ready", Ready).Produces<HealthReport>().Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string>? Checks);

    /// <summary>Ready only when a silo, PostgreSQL (asked through a silo) and Redis all answer.</summary>
    public static async Task<IResult> Ready(IClusterClient cluster, IConnectionMultiplexer redis)
    {
        var checks = await Task.WhenAll(
            Check("silo", async () => await cluster.Ref<IManagementGrain>(0).GetHosts(onlyActive: true)),
            Check("postgres", () => cluster.Ref<IDatabaseHealthGrain>(0).CheckAsync()),
            Check("redis", async () => await redis.GetDatabase().PingAsync()));
        var ready = checks.All(c => c.Ok);
        var report = new HealthReport(ready ? "ready" : "not_ready", checks.ToDictionary(c => c.Name, c => c.Ok ? "ok" : c.Error!));
        return ready ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<(string Name, bool Ok, string? Error)> Check(string name, Func<Task> probe)
    {
        try
        {
            await probe().WaitAsync(CheckTimeout);
            return (name, true, null);
        }
        catch (Exception e)
        {
            return (name, false, e.GetType().Name);
        }
    }
}
