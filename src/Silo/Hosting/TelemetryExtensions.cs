using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using SocialFlow.Grains.Infrastructure.Telemetry;

namespace SocialFlow.Silo.Hosting;

/// <summary>
/// Metrics and traces of both hosts (an API host, co-hosted or a client, and a standalone silo), configured under
/// <c>SocialFlow:Telemetry</c>: Prometheus on its own listener, OTLP when a collector is named, traces only when
/// they go somewhere. Registered once per host, by <see cref="SiloHostingExtensions.AddSocialFlowSilo"/> or
/// <see cref="ClientHostingExtensions.AddSocialFlowClient"/>.
/// </summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>Orleans' meter (grain calls, activations by grain type, messaging) and its grain-call span sources.</summary>
    private const string OrleansMeter = "Microsoft.Orleans";
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static TelemetryOptions AddSocialFlowTelemetry(this IHostApplicationBuilder builder)
    {
        var options = RequiredOptions.Bind<TelemetryOptions>(builder.Services, builder.Configuration, TelemetryOptions.Section);
        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService(builder.Environment.ApplicationName));
        otel.WithMetrics(metrics =>
        {
            metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddNpgsqlInstrumentation()
                .AddMeter(OrleansMeter, SocialFlowMetrics.MeterName, SocialFlowMetrics.MeterName + ".*")
                .AddView(instrument => Recorded(instrument) ? null : MetricStreamConfiguration.Drop);
            if (options.Prometheus.ListenUri is not null) metrics.AddPrometheusExporter();
        });
        if (options.TracesRecorded)
        {
            otel.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.Tracing.SampleRatio)))
                .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                    !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(OrleansSources)
                .AddSource(SocialFlowMetrics.ActivitySourceName));
        }
        if (options.Otlp.Endpoint is { } endpoint) otel.UseOtlpExporter(options.Otlp.Protocol, new Uri(endpoint));
        if (options.Prometheus.ListenUri is { } listen) ListenAlsoOn(builder, listen);
        return options;
    }

    /// <summary>
    /// The framework's instruments recorded on every request, grain call or command cost each one of them even when
    /// nobody charts them (with the exporter on, the engagement scenario's rates fell, /health/live's included): of
    /// those, only the ones the Grafana dashboard shows are kept. Ours, and every observable instrument (read only when
    /// scraped), always are.
    /// </summary>
    private static readonly HashSet<string> RecordedFrameworkInstruments =
    [
        "http.server.request.duration", "http.client.request.duration", "db.client.operation.duration",
        "orleans-app-requests-latency", "orleans-grains", "kestrel.active_connections", "signalr.server.active_connections",
    ];

    private static bool Recorded(Instrument instrument) =>
        instrument.IsObservable || instrument.Meter.Name.StartsWith(SocialFlowMetrics.MeterName, StringComparison.Ordinal)
        || RecordedFrameworkInstruments.Contains(instrument.Name);

    public static ISiloBuilder AddSocialFlowTelemetry(this ISiloBuilder silo, TelemetryOptions options)
    {
        // Both are grain-call filters: only added when wanted, so a host without them pays nothing per call.
        if (options.TracesRecorded) silo.AddActivityPropagation();
        if (options.Dashboard.Enabled) silo.AddDashboard(o => o.HideTrace = true);
        return silo;
    }

    public static IClientBuilder AddSocialFlowTelemetry(this IClientBuilder client, TelemetryOptions options)
    {
        if (options.TracesRecorded) client.AddActivityPropagation();
        if (options.Dashboard.Enabled) client.AddDashboard(o => o.HideTrace = true);
        return client;
    }

    /// <summary>
    /// Serves GET /metrics on the Prometheus listener's port, and nothing else there; the API's ports never answer it.
    /// Runs first in the pipeline: scrapers address pods by IP, which the API's host check would refuse.
    /// </summary>
    public static IApplicationBuilder UseSocialFlowMetricsListener(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Prometheus.ListenUri is not { } listen) return app;
        return app.MapWhen(http => http.Connection.LocalPort == listen.Port, metrics =>
        {
            metrics.UseOpenTelemetryPrometheusScrapingEndpoint(MetricsPath);
            metrics.Run(http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
    }

    /// <summary>
    /// Adds the listener to the host's URLs (Urls, --urls or ASPNETCORE_URLS, else Kestrel's default). Its port must be
    /// its own: the pipeline tells scrapes by the port they arrived on, so a shared port would answer only /metrics.
    /// </summary>
    private static void ListenAlsoOn(IHostApplicationBuilder builder, Uri listen)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } set ? set : "http://localhost:5000";
        if (urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(u => Uri.TryCreate(u.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var api) && api.Port == listen.Port))
        {
            throw new OptionsValidationException(TelemetryOptions.Section, typeof(TelemetryOptions),
                [$"{TelemetryOptions.Section}:Prometheus:Url: port {listen.Port} is also one of the API's Urls ({urls}); give the metrics listener a port of its own."]);
        }
        builder.Configuration[WebHostDefaults.ServerUrlsKey] = urls + ";" + listen.GetLeftPart(UriPartial.Authority);
    }
}
