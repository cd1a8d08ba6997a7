using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SocialFlow.Grains.Infrastructure.Postgres;

/// <summary>
/// Applies the embedded SQL migrations in name order, each once, each in its own transaction.
/// An advisory lock makes concurrent starters (several silos) wait for each other.
/// </summary>
public static class MigrationRunner
{
    private const long LockKey = 0x5F_10_77_00_01;

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken ct = default)
    {
        if (await ApplyPendingAsync(dataSource, logger, ct) > 0)
        {
            // Types a migration created (citext…) are unknown to a data source that connected before it: reading such
            // a column would throw until restart. Reload them once the schema changed.
            await dataSource.ReloadTypesAsync(ct);
        }
    }

    private static async Task<int> ApplyPendingAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken ct)
    {
        var count = 0;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Execute(connection, null, "SELECT pg_advisory_lock(@k)", ct, ("k", LockKey));
        try
        {
            await Execute(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var applied = await AppliedAsync(connection, ct);
            foreach (var (name, sql) in EmbeddedMigrations())
            {
                if (applied.Contains(name)) continue;
                await using var tx = await connection.BeginTransactionAsync(ct);
                await Execute(connection, tx, sql, ct);
                await Execute(connection, tx, "INSERT INTO schema_migrations(name) VALUES (@n)", ct, ("n", name));
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Migration}", name);
                count++;
            }
            return count;
        }
        finally
        {
            await Execute(connection, null, "SELECT pg_advisory_unlock(@k)", CancellationToken.None, ("k", LockKey));
        }
    }

    private static IEnumerable<(string Name, string Sql)> EmbeddedMigrations()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        const string marker = ".Migrations.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(marker) && n.EndsWith(".sql")).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (resource[(resource.LastIndexOf(marker, StringComparison.Ordinal) + marker.Length)..], reader.ReadToEnd());
        }
    }

    private static async Task<HashSet<string>> AppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand("SELECT name FROM schema_migrations", connection);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
