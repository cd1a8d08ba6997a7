using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Trending.Viral;

/// <summary>viral_models (migration 0142), written by the viral grain: a version, its metrics and bytes; and the audit row of
/// an admin's retrain.</summary>
public sealed class ViralStore(NpgsqlDataSource db)
{
    public async Task<long?> LatestVersionAsync()
    {
        await using var cmd = db.CreateCommand("SELECT max(version) FROM viral_models");
        return await cmd.ExecuteScalarAsync() is long v ? v : null;
    }

    public async Task<byte[]?> ModelAsync(long version)
    {
        await using var cmd = db.CreateCommand("SELECT model FROM viral_models WHERE version = $1");
        Tx.AddParameters(cmd, version);
        return await cmd.ExecuteScalarAsync() as byte[];
    }

    /// <summary>Stores an accepted model (with the admin's audit row when asked for, in the same commit); returns its version.</summary>
    public async Task<long> PublishAsync(TrainedViralModel model, DateTimeOffset at, AuditEntry? audit)
    {
        await using var tx = await Tx.BeginAsync(db);
        await using var insert = tx.Command("""
            INSERT INTO viral_models (trained_at, examples, metrics, model) VALUES ($1, $2, $3, $4) RETURNING version
            """, at, model.Metrics.Examples, new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = Json(model.Metrics) }, model.Bytes);
        var version = (long)(await insert.ExecuteScalarAsync())!;
        if (audit is not null) await AuditLog.AppendAsync(tx, audit with { TargetId = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await tx.CommitAsync();
        return version;
    }

    /// <summary>The audit row of a retrain that kept the previous model.</summary>
    public async Task AuditAsync(AuditEntry audit)
    {
        await using var tx = await Tx.BeginAsync(db);
        await AuditLog.AppendAsync(tx, audit);
        await tx.CommitAsync();
    }

    private static string Json(ViralModelMetrics m) => System.Text.Json.JsonSerializer.Serialize(new
    {
        auc = m.Auc, precision_at_10 = m.PrecisionAt10, baseline_precision_at_10 = m.BaselinePrecisionAt10,
        random_precision_at_10 = m.RandomPrecisionAt10, examples = m.Examples, positives = m.Positives, train_seconds = m.TrainSeconds,
    });
}
