using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Search;
using SocialFlow.Grains.Search;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// Accounts found by name, for search and the typeahead: accounts (Users: AccountStore) by username and display name —
/// never by email —, left out when suspended, or limited and not followed by the viewer, or blocked either way or muted
/// (Social: follows, blocks, mutes).
/// <para>
/// Bounded, for a box that asks on every key press: the first <see cref="Pool"/> usernames and the first
/// <see cref="Pool"/> display names that start with the term (two ordered index walks), and only when those are fewer
/// than the page, up to <see cref="Pool"/> near misses ("did you mean": trigram word similarity of the term to the names
/// of at least 0.6, through the trigram index; terms of three characters or more). Those are scored 3 for the exact
/// username, 2 a username prefix, 1 a display name prefix, 0 a near miss, plus the word similarity (0–1), and paged by
/// score. Why it is safe: read only, one statement.
/// </para>
/// </summary>
public sealed class SearchAccountsReadModel([FromKeyedServices(SearchOptions.ReadPool)] NpgsqlDataSource db)
{
    public const int Pool = 100;
    private const decimal ScoreScale = 1_000_000_000m;
    private const string Names = "lower(a.username::text || ' ' || coalesce(a.display_name, ''))";
    private const string Username = "lower(a.username::text) COLLATE \"C\"";
    private const string DisplayName = "lower(coalesce(a.display_name, '')) COLLATE \"C\"";

    private static readonly string Shown = $"""
        {StandingFilters.NotSuspended}
        AND a.id NOT IN ({SocialFilters.BlockedOrMuted("$3")})
        AND (a.limited_until IS NULL OR a.limited_until <= now() OR a.id = $3
             OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $3 AND f.followee_id = a.id))
        """;

    public async Task<AccountPage> PageAsync(string term, Guid? viewerId, PageCursor? after, int limit)
    {
        var t = term.Trim().TrimStart('@').ToLowerInvariant();
        await using var cmd = db.CreateCommand($"""
            WITH prefix AS (
                (SELECT a.id FROM accounts a WHERE {Username} LIKE $2 AND {Shown} ORDER BY {Username} LIMIT {Pool})
                UNION
                (SELECT a.id FROM accounts a WHERE {DisplayName} LIKE $2 AND {Shown} ORDER BY {DisplayName} LIMIT {Pool})),
            near AS (
                SELECT a.id FROM accounts a
                WHERE length($1) >= 3 AND (SELECT count(*) FROM prefix) < $6 AND $1 <% {Names} AND {Shown}
                LIMIT {Pool}),
            scored AS (
                SELECT a.id, a.username::text AS username, a.display_name,
                       round((CASE WHEN lower(a.username::text) = $1 THEN 3
                                   WHEN {Username} LIKE $2 THEN 2
                                   WHEN {DisplayName} LIKE $2 THEN 1
                                   ELSE 0 END + word_similarity($1, {Names}))::numeric, 9) AS score
                FROM (SELECT id FROM prefix UNION SELECT id FROM near) found JOIN accounts a ON a.id = found.id)
            SELECT id, username, display_name, score FROM scored
            WHERE $5::uuid IS NULL OR (score, id) < ($4, $5)
            ORDER BY score DESC, id DESC LIMIT $6
            """);
        var p = cmd.Parameters;
        p.Add(new NpgsqlParameter { Value = t, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = Like.Escape(t) + "%", NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)viewerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
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
