using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SocialFlow.Grains.Infrastructure.Telemetry;

/// <summary>
/// The silo's domain instruments (meter "SocialFlow"; Prometheus names in README "Telemetry"). They are recorded once
/// per batch, event or job, never per item of a hot loop, and cost a few nanoseconds when nothing listens.
/// </summary>
public sealed class SocialFlowMetrics
{
    public const string MeterName = "SocialFlow";
    public const string ActivitySourceName = "SocialFlow";

    /// <summary>Spans of our own where the work leaves its caller's flow (the group commit of many callers' facts).</summary>
    public static readonly ActivitySource Activities = new(ActivitySourceName);

    private static readonly IReadOnlyList<double> Seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly IReadOnlyList<int> Sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];
    private static readonly IReadOnlyList<double> Minutes = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600];

    private readonly TimeProvider _clock;

    public SocialFlowMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        Meter = meters.Create(MeterName);
        LikesCommitted = Meter.CreateCounter<long>("socialflow.likes.committed", "{like}", "New likes durable in PostgreSQL.");
        GroupCommitBatchSize = Meter.CreateHistogram("socialflow.group_commit.batch_size", "{fact}",
            "Engagement facts committed by one group-commit statement.", advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = Sizes });
        GroupCommitDuration = SecondsHistogram("socialflow.group_commit.duration", "Time from a batch's start to its commit (or failure).", Seconds);
        OutboxLag = SecondsHistogram("socialflow.outbox.lag", "Time an outbox event waited from its commit until it was published.", Seconds);
        FanoutLag = SecondsHistogram("socialflow.feed.fanout.lag", "Time from a post or video event to its item being in every follower's feed.", Seconds);
        TranscodeDuration = SecondsHistogram("socialflow.transcode.duration", "Time a transcoding job took, by outcome.", Minutes);
    }

    public Meter Meter { get; }

    public Counter<long> LikesCommitted { get; }

    public Histogram<int> GroupCommitBatchSize { get; }

    public Histogram<double> GroupCommitDuration { get; }

    public Histogram<double> OutboxLag { get; }

    public Histogram<double> FanoutLag { get; }

    public Histogram<double> TranscodeDuration { get; }

    /// <summary>Records the time since <paramref name="since"/> (an event's commit, by PostgreSQL's clock) on this silo's clock.</summary>
    public void RecordLag(Histogram<double> lag, DateTimeOffset since)
    {
        if (lag.Enabled) lag.Record(Math.Max(0, (_clock.GetUtcNow() - since).TotalSeconds));
    }

    private Histogram<double> SecondsHistogram(string name, string description, IReadOnlyList<double> buckets) =>
        Meter.CreateHistogram(name, "s", description, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });
}
