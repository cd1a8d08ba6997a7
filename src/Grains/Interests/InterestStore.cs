using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Interests;

namespace SocialFlow.Grains.Interests;

/// <summary>user_interests (migration 0127), written by each person's <see cref="InterestsGrain"/> only.</summary>
public sealed class InterestStore(NpgsqlDataSource db)
{
    public async Task<List<UserInterest>> InterestsAsync(Guid userId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT interest, source, weight, updated_at FROM user_interests WHERE user_id = $1 ORDER BY source DESC, weight DESC, interest
            """);
        Tx.AddParameters(cmd, userId);
        var interests = new List<UserInterest>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            interests.Add(new UserInterest(r.GetString(0), Enum.Parse<InterestSource>(r.GetString(1), true), r.GetDouble(2), r.GetFieldValue<DateTimeOffset>(3)));
        }
        return interests;
    }

    /// <summary>The picked set replaced in one commit (inferred rows untouched).</summary>
    public async Task SetPickedAsync(Guid userId, IReadOnlyList<string> interests, DateTimeOffset now)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("DELETE FROM user_interests WHERE user_id = $1 AND source = 'picked'", userId);
        await tx.ExecuteAsync("""
            INSERT INTO user_interests (user_id, interest, source, weight, updated_at)
            SELECT $1, interest, 'picked', 1, $3 FROM unnest($2::text[]) AS interest
            """, userId, interests.ToArray(), now);
        await tx.CommitAsync();
    }

    /// <summary>The inferred set replaced in one commit (picked and removed rows untouched; a removed interest is left out).</summary>
    public async Task SetInferredAsync(Guid userId, IReadOnlyList<InferredInterest> interests, DateTimeOffset now)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("DELETE FROM user_interests WHERE user_id = $1 AND source = 'inferred'", userId);
        await tx.ExecuteAsync("""
            INSERT INTO user_interests (user_id, interest, source, weight, updated_at)
            SELECT $1, i.interest, 'inferred', i.weight, $4 FROM unnest($2::text[], $3::float8[]) AS i (interest, weight)
            WHERE NOT EXISTS (SELECT 1 FROM user_interests r WHERE r.user_id = $1 AND r.source = 'removed' AND r.interest = i.interest)
            """, userId, interests.Select(i => i.Interest).ToArray(), interests.Select(i => i.Weight).ToArray(), now);
        await tx.CommitAsync();
    }

    /// <summary>Deletes the interest's picked and inferred rows and records it as removed, in one commit.</summary>
    public async Task RemoveAsync(Guid userId, string interest, DateTimeOffset now)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("DELETE FROM user_interests WHERE user_id = $1 AND interest = $2 AND source <> 'removed'", userId, interest);
        await tx.ExecuteAsync("""
            INSERT INTO user_interests (user_id, interest, source, weight, updated_at) VALUES ($1, $2, 'removed', 0, $3)
            ON CONFLICT (user_id, source, interest) DO UPDATE SET updated_at = EXCLUDED.updated_at
            """, userId, interest, now);
        await tx.CommitAsync();
    }
}
