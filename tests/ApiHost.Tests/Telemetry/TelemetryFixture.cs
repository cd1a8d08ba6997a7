using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace SocialFlow.ApiHost.Tests.Telemetry;

/// <summary>Alone (no other collection runs meanwhile): its tracer listens process-wide, and would otherwise trace, and
/// slow, every other host's requests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>
{
    public const string Name = "telemetry";
}

/// <summary>
/// The telemetry profile: the API host on Kestrel with its API port and its Prometheus listener, every trace kept
/// (sample ratio 1) and exported to <see cref="Spans"/> as each span ends. The tracer listens process-wide, so
/// <see cref="Spans"/> may also hold other hosts' spans: tests pick theirs by trace id.
/// </summary>
public sealed class TelemetryFixture : ApiFixture
{
    /// <summary>Low enough that a test can run over it (429) at once.</summary>
    public const int PerUserBurst = 30;

    public int ApiPort { get; } = FreePort.Next();

    public int MetricsPort { get; } = FreePort.Next();

    public List<Activity> Spans { get; } = [];

    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Telemetry:Prometheus:Url"] = $"http://127.0.0.1:{MetricsPort}",
        ["SocialFlow:Telemetry:Tracing:Enabled"] = "true",
        ["SocialFlow:Telemetry:Tracing:SampleRatio"] = "1",
        ["SocialFlow:Telemetry:Dashboard:Enabled"] = "true",
        ["SocialFlow:RateLimits:PerUserPerSecond"] = "30",
        ["SocialFlow:RateLimits:PerUserBurst"] = PerUserBurst.ToString(CultureInfo.InvariantCulture),
    };

    protected override WebApplicationFactory<Program> Customize(ApiFactory factory)
    {
        var host = factory.WithWebHostBuilder(web => web.ConfigureServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans))));
        host.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, ApiPort);
            kestrel.Listen(IPAddress.Loopback, MetricsPort);
        });
        host.StartServer();
        return host;
    }

    public override HttpClient CreateClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{ApiPort}") };

    public HttpClient MetricsClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{MetricsPort}") };

    /// <summary>The spans exported so far (the exporter appends from other threads).</summary>
    public Activity[] SpansNow() => [.. Spans.ToArray()];

    /// <summary>Scrapes /metrics: each sample line's series (name and labels) and value.</summary>
    public async Task<Dictionary<string, double>> ScrapeAsync()
    {
        using var client = MetricsClient();
        var text = await client.GetStringAsync("/metrics");
        var samples = new Dictionary<string, double>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line[0] == '#') continue;
            // "series value [timestamp]", where the series is a name with or without {labels} (label values may hold spaces).
            var seriesEnd = line.Contains('{') ? line.LastIndexOf('}') + 1 : line.IndexOf(' ');
            var value = line[seriesEnd..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) samples[line[..seriesEnd]] = number;
        }
        return samples;
    }

    /// <summary>The sum of a metric's samples over all its label sets (0 when it has none).</summary>
    public static double Total(Dictionary<string, double> samples, string name) =>
        samples.Where(s => s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal)).Sum(s => s.Value);
}
