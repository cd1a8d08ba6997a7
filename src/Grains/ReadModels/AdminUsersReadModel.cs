using Npgsql;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Users;

/// <summary>The admin users console's list: a keyset page of accounts, filtered by text, role and standing.</summary>
public sealed partial class AccountStore
{
    /// <summary>Between the searched fields: a character request text never holds (TextRule), so no match spans two fields.</summary>
    private const string Separator = "\u001f";

    public async Task<AccountPage> ListAsync(AccountQuery query, PageCursor? after, int limit)
    {
        var (order, keyset) = query.Sort switch
        {
            // Ordered by the case-insensitive username; the cursor holds only the last id, its username is read back.
            AccountSort.Username => ("a.username, a.id",
                "($5::uuid IS NULL OR (a.username, a.id) > ((SELECT username FROM accounts WHERE id = $5), $5))"),
            AccountSort.LastSeen => ("coalesce(s.last_seen, 'epoch') DESC, a.id DESC",
                "($5::uuid IS NULL OR (coalesce(s.last_seen, 'epoch'), a.id) < ($4, $5))"),
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
            SELECT a.id, a.username::text, a.display_name, a.email::text, a.roles, {Until("a.suspended_until")}, {Until("a.limited_until")},
                   a.created_at, s.last_seen
            FROM accounts a
            LEFT JOIN LATERAL (SELECT max(last_used_at) AS last_seen FROM sessions WHERE user_id = a.id) s ON true
            WHERE ($1::text IS NULL OR (lower(a.username::text) || '{Separator}' || lower(a.email::text) || '{Separator}' || lower(coalesce(a.display_name, ''))) LIKE $1)
              AND ($2::text IS NULL OR $2 = ANY(a.roles)) {standing} AND {keyset}
            ORDER BY {order} LIMIT $3
            """);
        var pattern = string.IsNullOrWhiteSpace(query.Text) ? null : "%" + EscapeLike(query.Text.Trim().ToLowerInvariant()) + "%";
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)pattern ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Role ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        cmd.Parameters.Add(new NpgsqlParameter { Value = after?.At ?? DateTimeOffset.UnixEpoch, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        var items = new List<AccountSummary>();
        var keys = new List<DateTimeOffset>();
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
                items.Add(new AccountSummary(row.Id, row.Username, row.DisplayName, row.Email, row.Roles, Standings.StatusOf(row, now), row.CreatedAt, lastSeen));
                keys.Add(query.Sort == AccountSort.LastSeen ? lastSeen ?? DateTimeOffset.UnixEpoch : row.CreatedAt);
            }
        }
        if (items.Count <= limit) return new AccountPage(items, null);
        items.RemoveAt(limit);
        var last = items[^1];
        return new AccountPage(items, query.Sort == AccountSort.Username ? PageCursor.AfterId(last.Id) : new PageCursor(keys[limit - 1], last.Id));
    }

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
