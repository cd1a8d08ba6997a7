using System.Net;

namespace SocialFlow.ApiHost.Tests.Telemetry;

/// <summary>/metrics answers on the Prometheus listener only, and carries the platform's and our own instruments.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsEndpointTests(TelemetryFixture fx)
{
    [Fact]
    public async Task Metrics_OnItsListener_ServesPrometheusTextWithRuntimeHttpAndOrleansMetrics()
    {
        using var api = fx.CreateClient();
        await api.GetAsync("/api/v1/trending/videos"); // any request, so the HTTP server metrics have a sample
        using var metrics = fx.MetricsClient();

        var response = await metrics.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var samples = await fx.ScrapeAsync();
        Assert.Contains(samples.Keys, k => k.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal));
        Assert.Contains(samples.Keys, k => k.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal));
        Assert.Contains(samples.Keys, k => k.StartsWith("orleans_grains", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_OnTheApiPort_IsNotFound()
    {
        using var api = fx.CreateClient();

        var response = await api.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MetricsListener_AnyOtherPath_IsNotFound()
    {
        using var metrics = fx.MetricsClient();

        Assert.Equal(HttpStatusCode.NotFound, (await metrics.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await metrics.GetAsync("/api/v1/trending/videos")).StatusCode);
    }
}
