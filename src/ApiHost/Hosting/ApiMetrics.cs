using System.Diagnostics.Metrics;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>The API host's own instruments (meter "SocialFlow.Api"; Prometheus names in README "Telemetry").</summary>
public sealed class ApiMetrics
{
    public const string MeterName = "SocialFlow.Api";

    private static readonly IReadOnlyList<double> Seconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    public ApiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        RateLimitRefusals = meter.CreateCounter<long>("socialflow.rate_limit.refusals", "{request}",
            "Requests refused with 429 by the per-user or per-address request limit.");
        ChatDeliveryDelay = meter.CreateHistogram("socialflow.chat.delivery.delay", "s",
            "Age of the oldest chat message of a room's batch when this host hands the batch to its connections.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Seconds });
    }

    public Counter<long> RateLimitRefusals { get; }

    public Histogram<double> ChatDeliveryDelay { get; }
}
