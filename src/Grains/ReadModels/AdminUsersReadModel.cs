using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// The admin users console's list: a keyset page of accounts, filtered by text, role and standing, with when each was
/// last seen and its strikes in force.
/// <para>
/// Reads accounts and sessions (Users: UserGrain through AccountStore) and strikes (Moderation: ModerationStore). Why a
/// join: the page is ordered by any of those (sort by last seen or by strikes), which only one statement can page by.
/// Why it is safe: read only, by admins; a count that changes between pages is shown as it is when read.
/// </para>
/// </summary>
public sealed class AdminUsersReadModel(NpgsqlDataSource db)
{
    /// <summary>Between the searched fields: a character request text never holds (TextRule), so no match spans two fields.</summary>
    private const string Separator = "\u001f";

    public async Task<AccountPage> PageAsync(AccountQuery query, PageCursor? after, int limit)
    {
        // Keyset: $5 the last id, $4 its time (created, last seen) or $6 its strike count or status rank.
        var (order, keyset) = query.Sort switch
        {
            // Ordered by the case-insensitive username; the cursor holds only the last id, its username is read back.
            AccountSort.Username => ("a.username, a.id",
                "($5::uuid IS NULL OR (a.username, a.id) > ((SELECT username FROM accounts WHERE id = $5), $5))"),
            AccountSort.LastSeen => ("coalesce(s.last_seen, 'epoch') DESC, a.id DESC",
                "($5::uuid IS NULL OR (coalesce(s.last_seen, 'epoch'), a.id) < ($4, $5))"),
            AccountSort.Strikes => ("k.strikes DESC, a.id DESC", "($5::uuid IS NULL OR (k.strikes, a.id) < ($6, $5))"),
            AccountSort.Status => ($"{StatusRank} DESC, a.id DESC", $"($5::uuid IS NULL OR ({StatusRank}, a.id) < ($6, $5))"),
            _ => ("a.created_at DESC, a.id DESC", "($5::uuid IS NULL OR (a.created_at, a.id) < ($4, $5))"),
        };
        var standing = query.Standing switch
        {
            AccountStanding.Suspended => "AND a.suspended_until > now()",
            AccountStanding.Limited => "AND a.limited_until > now() AND NOT coalesce(a.suspended_until > now(), false)",
            AccountStanding.Active => $"AND {StandingFilters.Discoverable}",
            _ => "",
        };
        await using var cmd = db.CreateCommand($"""
            SELECT a.id, a.username::text, a.display_name, a.email::text, a.roles, {AccountStore.Until("a.suspended_until")},
                   {AccountStore.Until("a.limited_until")}, a.created_at, s.last_seen, k.strikes
            FROM accounts a
            LEFT JOIN LATERAL (SELECT max(last_used_at) AS last_seen FROM sessions WHERE user_id = a.id) s ON true
            CROSS JOIN LATERAL (SELECT count(*)::int AS strikes FROM strikes WHERE account_id = a.id AND reversed_at IS NULL) k
            WHERE ($1::text IS NULL OR (lower(a.username::text) || '{Separator}' || lower(a.email::text) || '{Separator}' || lower(coalesce(a.display_name, ''))) LIKE $1)
              AND ($2::text IS NULL OR $2 = ANY(a.roles)) {standing} AND {keyset}
            ORDER BY {order} LIMIT $3
            """);
        var pattern = string.IsNullOrWhiteSpace(query.Text) ? null : "%" + Like.Escape(query.Text.Trim().ToLowerInvariant()) + "%";
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)pattern ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Role ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        cmd.Parameters.Add(new NpgsqlParameter { Value = after?.At ?? DateTimeOffset.UnixEpoch, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (int)(after?.Key() ?? 0), NpgsqlDbType = NpgsqlDbType.Integer });
        var items = new List<AccountSummary>();
        var now = DateTimeOffset.UtcNow;
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                var row = new AccountRow
                {
                    Id = r.GetGuid(0), Username = r.GetString(1), DisplayName = r.IsDBNull(2) ? null : r.GetString(2), Email = r.GetString(3),
                    PasswordHash = "", Roles = r.GetFieldValue<string[]>(4),
                    SuspendedUntil = r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5), LimitedUntil = r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6),
                    CreatedAt = r.GetFieldValue<DateTimeOffset>(7),
                };
                DateTimeOffset? lastSeen = r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8);
                items.Add(new AccountSummary(row.Id, row.Username, row.DisplayName, row.Email, row.Roles, Standings.StatusOf(row, now), row.CreatedAt,
                    lastSeen, r.GetInt32(9)));
            }
        }
        if (items.Count <= limit) return new AccountPage(items, null);
        items.RemoveAt(limit);
        return new AccountPage(items, CursorAfter(items[^1], query.Sort));
    }

    /// <summary>2 suspended, 1 limited, 0 active: the status sort's key (ids are UUIDv7, so id order within it is age).</summary>
    private const string StatusRank =
        "(CASE WHEN a.suspended_until > now() THEN 2 WHEN a.limited_until > now() THEN 1 ELSE 0 END)";

    /// <summary>The cursor after an account: its id and its sort key (a strike count or status rank carried in the time's ticks).</summary>
    private static PageCursor CursorAfter(AccountSummary last, AccountSort sort) => sort switch
    {
        AccountSort.Username => PageCursor.AfterId(last.Id),
        AccountSort.LastSeen => new PageCursor(last.LastSeenAt ?? DateTimeOffset.UnixEpoch, last.Id),
        AccountSort.Strikes => PageCursor.AfterKey(last.Strikes, last.Id),
        AccountSort.Status => PageCursor.AfterKey(RankOf(last.Status.Standing), last.Id),
        _ => new PageCursor(last.CreatedAt, last.Id),
    };

    private static int RankOf(AccountStanding standing) => standing switch
    {
        AccountStanding.Suspended => 2,
        AccountStanding.Limited => 1,
        _ => 0,
    };
}
