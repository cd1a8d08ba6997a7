using System.Diagnostics.Metrics;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Videos.Transcoding;

public sealed record TranscodeJob(Guid VideoId, int Attempt);

/// <summary>
/// video_jobs as a work queue: a job is claimed with FOR UPDATE SKIP LOCKED and held by a lease the worker renews;
/// when the holder dies (or stops) the lease lapses or is released and any silo claims the job again.
/// </summary>
public sealed class TranscodeJobQueue(NpgsqlDataSource db)
{
    public async Task<TranscodeJob?> ClaimAsync(string worker, TimeSpan lease, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE video_jobs SET attempts = attempts + 1, lease_owner = $1, lease_until = now() + $2
            WHERE video_id = (SELECT video_id FROM video_jobs
                              WHERE completed_at IS NULL AND (lease_until IS NULL OR lease_until < now())
                              ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING video_id, attempts
            """);
        Tx.AddParameters(cmd, worker, lease);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new TranscodeJob(r.GetGuid(0), r.GetInt32(1)) : null;
    }

    /// <summary>False when the job is no longer this worker's (completed, removed, or taken after a lapsed lease).</summary>
    public async Task<bool> RenewAsync(Guid videoId, string worker, TimeSpan lease, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE video_jobs SET lease_until = now() + $3 WHERE video_id = $1 AND lease_owner = $2 AND completed_at IS NULL
            """);
        Tx.AddParameters(cmd, videoId, worker, lease);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Gives the job back: at once on shutdown, after a back-off on failure.</summary>
    public async Task ReleaseAsync(Guid videoId, string worker, TimeSpan retryAfter, string? error)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE video_jobs SET lease_owner = NULL, lease_until = now() + $3, last_error = coalesce($4, last_error)
            WHERE video_id = $1 AND lease_owner = $2 AND completed_at IS NULL
            """);
        Tx.AddParameters(cmd, videoId, worker, retryAfter, (object?)error ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The jobs not completed, for the queue-depth gauge: read (synchronously, as gauges are) when metrics are collected,
    /// a count over the partial index of pending jobs; nothing when PostgreSQL does not answer within two seconds.
    /// </summary>
    public IEnumerable<Measurement<long>> MeasurePending()
    {
        try
        {
            using var cmd = db.CreateCommand("SELECT count(*) FROM video_jobs WHERE completed_at IS NULL");
            cmd.CommandTimeout = 2;
            return [new Measurement<long>((long)cmd.ExecuteScalar()!)];
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>For a job whose video is gone or no longer waiting: nothing left to do.</summary>
    public async Task CompleteAsync(Guid videoId)
    {
        await using var cmd = db.CreateCommand("UPDATE video_jobs SET completed_at = now(), lease_until = NULL WHERE video_id = $1");
        Tx.AddParameters(cmd, videoId);
        await cmd.ExecuteNonQueryAsync();
    }
}
