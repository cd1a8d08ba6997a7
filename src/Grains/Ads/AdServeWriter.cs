using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Telemetry;

namespace SocialFlow.Grains.Ads;

/// <summary>An ad served, as its ad_serves row records it (reserved in milli-units).</summary>
public sealed record ServedAdRow(
    Guid ServeId, Guid CampaignId, Guid CreativeId, Guid ViewerId, Guid VideoId, Guid CreatorId, long ReservedMilli, DateTimeOffset ServedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// The silo's group commit of served ads (<see cref="BatchingQueue{T}"/>): every reservation waiting for its row is
/// inserted by one prepared statement, so a campaign that many viewers ask for at once pays one commit per batch rather
/// than one per ad, and its grain can let reservations overlap (each one is decided in memory before its write).
/// </summary>
public sealed class AdServeWriter([FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, SocialFlowMetrics metrics, ILogger<AdServeWriter> logger)
    : GroupCommitWriter<ServedAdRow>("ad_serves", MaxBatch, metrics, logger)
{
    private const int MaxBatch = 500;

    private const string Sql = """
        INSERT INTO ad_serves (id, campaign_id, creative_id, viewer_id, video_id, creator_id, reserved_milli, served_at, expires_at)
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::bigint[], $8::timestamptz[], $9::timestamptz[])
        """;

    /// <summary>Completes once the row is committed.</summary>
    public Task InsertAsync(ServedAdRow row) => QueueAsync(row);

    protected override async Task CommitAsync(IReadOnlyList<ServedAdRow> rows)
    {
        await using var insert = await PreparedCommand.OpenAsync(prepared, Sql,
            rows.Select(r => r.ServeId).ToArray(), rows.Select(r => r.CampaignId).ToArray(), rows.Select(r => r.CreativeId).ToArray(),
            rows.Select(r => r.ViewerId).ToArray(), rows.Select(r => r.VideoId).ToArray(), rows.Select(r => r.CreatorId).ToArray(),
            rows.Select(r => r.ReservedMilli).ToArray(), rows.Select(r => r.ServedAt.ToUniversalTime()).ToArray(),
            rows.Select(r => r.ExpiresAt.ToUniversalTime()).ToArray());
        await insert.Command.ExecuteNonQueryAsync();
    }
}
