using System.ComponentModel.DataAnnotations;
using OpenTelemetry.Exporter;

namespace SocialFlow.Silo.Hosting;

/// <summary><c>SocialFlow:Telemetry</c>: where metrics and traces go (README "Telemetry").</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "SocialFlow:Telemetry";

    public PrometheusSettings Prometheus { get; set; } = new();

    public OtlpSettings Otlp { get; set; } = new();

    public TracingSettings Tracing { get; set; } = new();

    public DashboardSettings Dashboard { get; set; } = new();

    /// <summary>Traces are recorded only when they go somewhere: an OTLP collector, or Tracing:Enabled set explicitly.</summary>
    public bool TracesRecorded => Tracing.Enabled ?? Otlp.Endpoint is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Prometheus.Url is { Length: > 0 } url && Prometheus.ListenUri is null)
        {
            yield return new ValidationResult($"'{url}' must be an http URL with a port and no path, e.g. http://0.0.0.0:9464", ["Prometheus:Url"]);
        }
        if (Otlp.Endpoint is { } endpoint && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
        {
            yield return new ValidationResult($"'{endpoint}' must be an absolute http or https URL", ["Otlp:Endpoint"]);
        }
        if (Tracing.SampleRatio is < 0 or > 1)
        {
            yield return new ValidationResult("must be between 0 and 1", ["Tracing:SampleRatio"]);
        }
    }
}

public sealed class PrometheusSettings
{
    /// <summary>
    /// The separate listener that serves <c>GET /metrics</c> (and nothing else), e.g. http://0.0.0.0:9464; empty: no
    /// Prometheus endpoint. Never the API's own port: the API is public, this port is for the scraper only.
    /// </summary>
    public string? Url { get; set; }

    public Uri? ListenUri => Uri.TryCreate(Url, UriKind.Absolute, out var u) && u.Scheme == "http" && !u.IsDefaultPort
        && u.AbsolutePath == "/" && u.Query.Length == 0 ? u : null;
}

public sealed class OtlpSettings
{
    /// <summary>An OpenTelemetry collector (e.g. http://otel-collector:4317); unset: nothing is pushed.</summary>
    public string? Endpoint { get; set; }

    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;
}

public sealed class TracingSettings
{
    /// <summary>Unset: on when Otlp:Endpoint is set. Off costs nothing: no listener, so no request or grain call makes an Activity.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Share of new traces kept (parent-based: a call whose caller sampled its trace is always kept).</summary>
    public double SampleRatio { get; set; } = 0.1;
}

public sealed class DashboardSettings
{
    /// <summary>
    /// The Orleans dashboard at /dashboard on the API host (admins only); silos collect its grain statistics. Off unless
    /// asked for: while on, every host reads all of Orleans' metrics each second (a fixed interval), times every grain
    /// call and passes every log entry to its log stream, whether or not anyone looks (in a CPU profile of the payments
    /// scenario its once-a-second collection alone was 5 % of the host's CPU). Turn it on to investigate; Prometheus and
    /// Grafana are the standing view.
    /// </summary>
    public bool Enabled { get; set; }
}
