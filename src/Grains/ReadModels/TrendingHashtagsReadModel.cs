using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// Trending hashtags: per tag, the distinct accounts that used it in the window (Trending: trending_tag_uses, written
/// from the posts' events) in posts that may be discovered now (Posts: posts; Users: accounts, through
/// <see cref="StandingFilters.Discoverable"/>), not hidden by an admin (Trending: trending_hidden), against its usual
/// level: distinct (account, UTC day) uses over the 28 days before the window, divided by 28, times the window's length
/// in days. Score = (accounts + 1) / (usual + <see cref="Damping"/>): a tag trends by rising above its own habit, and
/// the damping keeps one or two accounts from making a never-seen tag outrank a real surge.
/// Why a join: a removed post or a limited author must not count, as they are now. Why it is safe: read only; the
/// window's uses are bounded by the index on used_at and the look-back by the candidates (1,000 most used).
/// </summary>
public sealed class TrendingHashtagsReadModel(NpgsqlDataSource db)
{
    public const double Damping = 3;
    public const int UsualDays = 28;

    public async Task<IReadOnlyList<TrendingHashtag>> HashtagsAsync(TimeSpan window, DateTimeOffset now, int limit)
    {
        await using var cmd = db.CreateCommand($"""
            WITH recent AS (
                SELECT u.tag, count(DISTINCT u.account_id)::int AS accounts
                FROM trending_tag_uses u
                JOIN posts p ON p.id = u.post_id
                JOIN accounts a ON a.id = u.account_id
                WHERE u.used_at > $1 AND u.used_at <= $2
                  AND p.visibility = 'public' AND p.moderation IS NULL AND p.deleted_at IS NULL AND {StandingFilters.Discoverable}
                  AND NOT EXISTS (SELECT 1 FROM trending_hidden h WHERE h.kind = 'hashtag' AND h.item = u.tag)
                GROUP BY u.tag
                ORDER BY accounts DESC, u.tag
                LIMIT 1000),
            usual AS (
                SELECT u.tag, count(DISTINCT (u.account_id, date_trunc('day', u.used_at, 'UTC')))::float8 / {UsualDays} * $3 AS level
                FROM trending_tag_uses u JOIN recent r ON r.tag = u.tag
                WHERE u.used_at > $1 - interval '{UsualDays} days' AND u.used_at <= $1
                GROUP BY u.tag)
            SELECT r.tag, r.accounts, coalesce(s.level, 0) AS usual, (r.accounts + 1) / (coalesce(s.level, 0) + {Damping}) AS score
            FROM recent r LEFT JOIN usual s ON s.tag = r.tag
            ORDER BY score DESC, r.tag
            LIMIT $4
            """);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter { Value = now - window, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = window.TotalDays, NpgsqlDbType = NpgsqlDbType.Double });
        p.Add(new NpgsqlParameter { Value = limit });
        var tags = new List<TrendingHashtag>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) tags.Add(new TrendingHashtag(r.GetString(0), Math.Round(r.GetDouble(3), 3), r.GetInt32(1), Math.Round(r.GetDouble(2), 3)));
        return tags;
    }
}
