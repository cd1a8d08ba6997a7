using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// Accounts found by name, for search and the typeahead: accounts (Users: AccountStore) by username and display name —
/// never by email —, left out when suspended, or limited and not followed by the viewer (Social: follows).
/// <para>
/// Score: 3 for the exact username, 2 a username prefix, 1 a display name word prefix, plus the trigram similarity of
/// the names to the term (0–1), so near misses ("did you mean") follow the prefix matches. A term of one or two
/// characters only walks the username prefix index (too short for trigrams); longer ones use the trigram index for
/// substrings and near misses. Why it is safe: read only, one statement, bounded by the page.
/// </para>
/// </summary>
public sealed class SearchAccountsReadModel(NpgsqlDataSource db)
{
    private const decimal ScoreScale = 1_000_000_000m;
    private const string Names = "lower(a.username::text || ' ' || coalesce(a.display_name, ''))";

    public async Task<AccountPage> PageAsync(string term, Guid? viewerId, IReadOnlyCollection<Guid> excluded, PageCursor? after, int limit)
    {
        var t = term.Trim().TrimStart('@').ToLowerInvariant();
        var match = t.Length < 3 ? "lower(a.username::text) LIKE $2" : $"({Names} LIKE '%' || $2 OR {Names} % $1)";
        await using var cmd = db.CreateCommand($"""
            SELECT id, username, display_name, score FROM (
                SELECT a.id, a.username::text AS username, a.display_name,
                       round((CASE WHEN lower(a.username::text) = $1 THEN 3
                                   WHEN lower(a.username::text) LIKE $2 THEN 2
                                   WHEN lower(coalesce(a.display_name, '')) LIKE $2 OR lower(coalesce(a.display_name, '')) LIKE '% ' || $2 THEN 1
                                   ELSE 0 END + similarity({Names}, $1))::numeric, 9) AS score
                FROM accounts a
                WHERE {match} AND a.id <> ALL ($4) AND {StandingFilters.NotSuspended}
                  AND (a.limited_until IS NULL OR a.limited_until <= now() OR a.id = $3
                       OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $3 AND f.followee_id = a.id))) s
            WHERE $6::uuid IS NULL OR (score, id) < ($5, $6)
            ORDER BY score DESC, id DESC LIMIT $7
            """);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter { Value = t, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = Like.Escape(t) + "%", NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)viewerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = excluded.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = after?.Key(ScoreScale) ?? 0m, NpgsqlDbType = NpgsqlDbType.Numeric });
        p.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = limit + 1 });
        var rows = new List<(AccountHit Hit, decimal Score)>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                var score = r.GetDecimal(3);
                rows.Add((new AccountHit(r.GetGuid(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), (double)score), score));
            }
        }
        if (rows.Count <= limit) return new AccountPage([.. rows.Select(r => r.Hit)], null);
        var last = rows[limit - 1];
        return new AccountPage([.. rows[..limit].Select(r => r.Hit)], PageCursor.AfterKey(last.Score, last.Hit.Id, ScoreScale));
    }
}
