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
}
