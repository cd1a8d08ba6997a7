using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Analytics;

namespace SocialFlow.ApiHost.Analytics;

public sealed record DashboardQuery(string? Scope, int? Days, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "creator_id")] Guid? CreatorId, string? Metrics);

public static partial class AnalyticsEndpoints
{
    /// <summary>
    /// A creator's (their own; an admin: any creator_id) or the platform's (admins) last 7, 28 or 90 days up to today:
    /// totals, one entry per day, and for creators the top items and traffic sources. metrics= picks the metrics shown.
    /// </summary>
    public static async Task<Results<Ok<Dictionary<string, object?>>, ValidationProblem, ProblemHttpResult>> GetDashboard(
        [Microsoft.AspNetCore.Http.AsParameters] DashboardQuery query, IGrainFactory grains, TimeProvider clock, ClaimsPrincipal user)
    {
        var errors = new FieldErrors();
        var scope = ReadScope(query.Scope ?? "creator", errors, "creator", "platform");
        if (query.Days is not (null or 7 or 28 or 90)) errors.Add("days", "must be 7, 28 or 90");
        var known = AnalyticsMetrics.Of(scope);
        var metrics = query.Metrics is null ? known : query.Metrics.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var unknown in metrics.Where(m => !known.Contains(m))) errors.Add("metrics", $"unknown metric '{unknown}'; known: {string.Join(", ", known)}");
        if (metrics.Length == 0) errors.Add("metrics", "must name at least one metric");
        if (errors.Any) return errors.ToProblem();
        if (AllowedKey(user, scope, query.CreatorId) is not { } key) return Problems.NotFound("dashboard");

        var to = Today(clock).AddDays(1);
        var d = await grains.Ref<IAnalyticsReaderGrain>(0).DashboardAsync(scope, key, to.AddDays(-(query.Days ?? 28)), to);
        var body = new Dictionary<string, object?>
        {
            ["scope"] = AnalyticsScopeName(scope),
            ["creator_id"] = scope == AnalyticsScope.Platform ? null : key,
            ["from"] = d.From,
            ["to"] = d.To.AddDays(-1),
            ["totals"] = AnalyticsMetrics.Select(metrics, d.Totals, d.Uniques),
            ["series"] = d.Days.Select(day => new Dictionary<string, object> { ["day"] = day.Day }
                .Concat(AnalyticsMetrics.Select(metrics, day.Metrics, day.Uniques)).ToDictionary()).ToList(),
        };
        if (scope == AnalyticsScope.Platform)
        {
            body["monthly_active_accounts"] = d.Uniques.GetValueOrDefault("monthly_active_accounts");
        }
        else
        {
            body["top_items"] = d.TopItems.Select(t => new { item_id = t.ItemId, views = t.Views, watch_seconds = t.WatchSeconds }).ToList();
            body["traffic_sources"] = AnalyticsMetrics.Sources(d.Totals);
        }
        return TypedResults.Ok(body);
    }

    private static AnalyticsScope ReadScope(string value, FieldErrors errors, params string[] allowed)
    {
        if (!allowed.Contains(value)) errors.Add("scope", $"must be one of: {string.Join(", ", allowed)}");
        return value switch
        {
            "platform" => AnalyticsScope.Platform,
            "items" => AnalyticsScope.Items,
            _ => AnalyticsScope.Creator,
        };
    }

    private static string AnalyticsScopeName(AnalyticsScope scope) => scope.ToString().ToLowerInvariant();
}
