using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Infrastructure.MachineLearning;

/// <summary>
/// A domain's table of accepted model versions (<c>version bigserial, trained_at, examples, metrics jsonb, model
/// bytea</c>: recommendation_models, viral_models); the newest version is the one served. Each domain's store holds the
/// one over its own table.
/// </summary>
public sealed class ModelVersions(NpgsqlDataSource db, string table)
{
    public async Task<long?> LatestAsync()
    {
        await using var cmd = db.CreateCommand($"SELECT max(version) FROM {table}");
        return await cmd.ExecuteScalarAsync() is long v ? v : null;
    }

    public async Task<byte[]?> ModelAsync(long version)
    {
        await using var cmd = db.CreateCommand($"SELECT model FROM {table} WHERE version = $1");
        Tx.AddParameters(cmd, version);
        return await cmd.ExecuteScalarAsync() as byte[];
    }

    /// <summary>Adds a version in the caller's transaction, with the admin's audit row naming it when asked for; returns the version.</summary>
    public async Task<long> AddAsync(Tx tx, DateTimeOffset at, int examples, string metricsJson, byte[] model, AuditEntry? audit)
    {
        await using var insert = tx.Command($"INSERT INTO {table} (trained_at, examples, metrics, model) VALUES ($1, $2, $3, $4) RETURNING version",
            at, examples, new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = metricsJson }, model);
        var version = (long)(await insert.ExecuteScalarAsync())!;
        if (audit is not null) await AuditLog.AppendAsync(tx, audit with { TargetId = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return version;
    }
}
