using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using SocialFlow.Grains.Interfaces.Users;
using SocialFlow.Silo.Hosting;

namespace SocialFlow.ApiHost.Hosting;

public static class OrleansDashboardEndpoints
{
    public const string Path = "/dashboard";

    /// <summary>
    /// The Orleans dashboard (grains, silos, calls), admins only: every request of the page and of its data needs an
    /// admin's bearer token. Its statistics come from the silos (TelemetryExtensions adds the dashboard to each), so a
    /// client-mode API host shows the whole cluster too.
    /// </summary>
    public static IEndpointRouteBuilder MapSocialFlowDashboard(this IEndpointRouteBuilder routes)
    {
        if (!routes.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.Dashboard.Enabled) return routes;
        routes.MapOrleansDashboard(Path).RequireAuthorization(p => p.RequireRole(AccountRoles.Admin)).ExcludeFromDescription();
        return routes;
    }
}
