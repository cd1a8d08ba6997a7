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
        // Prepared, as the box asks on every key press and planning cost about as much as running it. So that
        // PostgreSQL settles on the generic plan: the prefix walks take their bounds as a key range ($7 to $8), which a
        // generic plan reads through the index (LIKE with a parameter it cannot), and a term too short for near misses
        // gets a statement without them (a custom plan that leaves them out would always look cheaper).
        var near = t.Length >= 3
            ? $"""
                UNION
                (SELECT a.id FROM accounts a WHERE (SELECT count(*) FROM prefix) < $6 AND $1 <% {Names} AND {Shown} LIMIT {Pool})
                """
            : "";
        await using var cmd = await PreparedCommand.OpenAsync(db, $"""
            WITH prefix AS (
                (SELECT a.id FROM accounts a WHERE {Username} >= $7 AND {Username} < $8 AND {Shown} ORDER BY {Username} LIMIT {Pool})
                UNION
                (SELECT a.id FROM accounts a WHERE {DisplayName} >= $7 AND {DisplayName} < $8 AND {Shown} ORDER BY {DisplayName} LIMIT {Pool})),
            found AS (SELECT id FROM prefix {near}),
            scored AS (
                SELECT a.id, a.username::text AS username, a.display_name,
                       round((CASE WHEN lower(a.username::text) = $1 THEN 3
                                   WHEN {Username} LIKE $2 THEN 2
                                   WHEN {DisplayName} LIKE $2 THEN 1
                                   ELSE 0 END + word_similarity($1, {Names}))::numeric, 9) AS score
                FROM found JOIN accounts a ON a.id = found.id)
            SELECT id, username, display_name, score FROM scored
            WHERE $5::uuid IS NULL OR (score, id) < ($4, $5)
            ORDER BY score DESC, id DESC LIMIT $6
            """,
            Text(t), Text(Like.Escape(t) + "%"),
            new NpgsqlParameter { Value = (object?)viewerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
            new NpgsqlParameter { Value = after?.Key(ScoreScale) ?? 0m, NpgsqlDbType = NpgsqlDbType.Numeric },
            new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
            limit + 1, Text(t), Text(Like.PrefixEnd(t)));
        var rows = new List<(AccountHit Hit, decimal Score)>();
        await using (var r = await cmd.Command.ExecuteReaderAsync())
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

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };
}
