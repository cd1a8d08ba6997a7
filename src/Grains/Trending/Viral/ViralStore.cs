using Npgsql;
using SocialFlow.Grains.Infrastructure.MachineLearning;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Trending.Viral;

/// <summary>viral_models (migration 0142), written by the viral grain: a version, its metrics and bytes; and the audit row of
/// an admin's retrain.</summary>
public sealed class ViralStore(NpgsqlDataSource db)
{
    public ModelVersions Models { get; } = new(db, "viral_models");

    /// <summary>Stores an accepted model (with the admin's audit row when asked for, in the same commit); returns its version.</summary>
    public async Task<long> PublishAsync(TrainedViralModel model, DateTimeOffset at, AuditEntry? audit)
    {
        await using var tx = await Tx.BeginAsync(db);
        var version = await Models.AddAsync(tx, at, model.Metrics.Examples, Json(model.Metrics), model.Bytes, audit);
        await tx.CommitAsync();
        return version;
    }

    private static string Json(ViralModelMetrics m) => System.Text.Json.JsonSerializer.Serialize(new
    {
        auc = m.Auc, precision_at_10 = m.PrecisionAt10, baseline_precision_at_10 = m.BaselinePrecisionAt10,
        random_precision_at_10 = m.RandomPrecisionAt10, examples = m.Examples, positives = m.Positives, train_seconds = m.TrainSeconds,
    });
}
