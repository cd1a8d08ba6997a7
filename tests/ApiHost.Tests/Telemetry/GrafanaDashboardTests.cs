using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Infrastructure.Telemetry;

namespace SocialFlow.ApiHost.Tests.Telemetry;

/// <summary>deploy/grafana/socialflow.json asks only for metrics that /metrics really exposes.</summary>
[Collection(TelemetryCollection.Name)]
public sealed partial class GrafanaDashboardTests(TelemetryFixture fx)
{
    [Fact]
    public async Task EveryPanelQuery_NamesOnlyMetricsThatMetricsExposesAfterTraffic()
    {
        var queries = PanelQueries();
        await MakeTrafficAsync();

        var exposed = await Eventually.ValueAsync(fx.ScrapeAsync, samples => Missing(queries, samples).Count == 0, TimeSpan.FromSeconds(20));

        Assert.True(queries.Count >= 16, $"{queries.Count} panel queries");
        Assert.All(queries, q => Assert.NotEmpty(MetricNames(q.Expr)));
        Assert.Empty(Missing(queries, exposed));
    }

    private static List<string> Missing(List<(string Panel, string Expr)> queries, Dictionary<string, double> samples) =>
        [.. queries.SelectMany(q => MetricNames(q.Expr).Select(name => (q.Panel, Name: name)))
            .Where(m => !samples.Keys.Any(k => k == m.Name || k.StartsWith(m.Name + "{", StringComparison.Ordinal)))
            .Select(m => $"{m.Panel}: {m.Name}")];

    /// <summary>Likes (group commit), a post (outbox, fan-out), a burst over the per-user limit (429s).</summary>
    private async Task MakeTrafficAsync()
    {
        using var api = fx.CreateClient();
        var (owner, ownerToken) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{video}/like", null, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostJsonAsync("/api/v1/posts", new { text = "telemetry", visibility = "public" }, ownerToken)).StatusCode);
        var burst = await Task.WhenAll(Enumerable.Range(0, TelemetryFixture.PerUserBurst + 10).Select(_ => api.GetAsync("/api/v1/trending/videos", token)));
        Assert.Contains(burst, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        // Live chat and transcoding need a hub connection in a live room and an ffmpeg job, which their own tests run;
        // here one sample each through the hosts' own instruments shows the names their panels must use.
        fx.Factory.Services.GetRequiredService<ApiMetrics>().ChatDeliveryDelay.Record(0.01);
        fx.Factory.Services.GetRequiredService<SocialFlowMetrics>().TranscodeDuration.Record(1);
    }

    private static List<(string Panel, string Expr)> PanelQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/grafana/socialflow.json")));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray().SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
            .Select(target => (panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!)))];
    }

    /// <summary>The metric names of a PromQL expression: identifiers left once strings, label matchers, ranges and
    /// by/without clauses are taken out, that are not functions or aggregations (followed by a parenthesis).</summary>
    private static string[] MetricNames(string expr)
    {
        var bare = Labels().Replace(Ranges().Replace(Grouping().Replace(Strings().Replace(expr, ""), ""), ""), "");
        return [.. Identifiers().Matches(bare).Select(m => m.Value).Where(name => !char.IsDigit(name[0])).Distinct()];
    }

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Labels();

    [GeneratedRegex(@"[A-Za-z_:][A-Za-z0-9_:]*(?!\s*[\(A-Za-z0-9_:])")]
    private static partial Regex Identifiers();
}
