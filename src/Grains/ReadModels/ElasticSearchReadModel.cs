using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Search;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.ReadModels;

/// <summary>
/// What the Elasticsearch search provider reads from PostgreSQL: the accounts a viewer follows (Social: follows), the
/// accounts they block, are blocked by or mute (Social: blocks, mutes), which
/// authors of a page the viewer may not see by their standing (Users: accounts, through <see cref="StandingFilters"/>;
/// Social: follows), and the items' counts when their documents are written (Engagement: content_counters).
/// <para>
/// Why here and not on the documents: a sanction starts and ends (by time) without touching the author's items, and a
/// like or view writes no event (too hot), so neither could keep thousands of documents current; a page's authors are
/// checked as it is cut instead. Why it is safe: read only, bounded by a page, a bulk batch, or one viewer's follows
/// (<see cref="MaxFollowed"/>).
/// </para>
/// </summary>
public sealed class ElasticSearchReadModel([FromKeyedServices(SearchOptions.ReadPool)] NpgsqlDataSource db)
{
    /// <summary>Elasticsearch's default index.max_terms_count: the most followed accounts a terms filter takes.</summary>
    public const int MaxFollowed = 65_536;

    public async Task<IReadOnlyList<Guid>> FollowedAsync(Guid viewerId)
    {
        await using var cmd = db.CreateCommand("SELECT followee_id FROM follows WHERE follower_id = $1 ORDER BY followee_id LIMIT $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = viewerId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = MaxFollowed });
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }

    /// <summary>The accounts the viewer blocks, is blocked by or mutes (Social: blocks, mutes): their items are left out.</summary>
    public async Task<IReadOnlyList<Guid>> BlockedOrMutedAsync(Guid viewerId)
    {
        await using var cmd = db.CreateCommand($"SELECT DISTINCT id FROM ({SocialFilters.BlockedOrMuted("$1")}) AS x(id) ORDER BY 1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = viewerId });
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }

    /// <summary>Of <paramref name="owners"/>, those whose items the viewer may see: the viewer, and accounts that exist, are
    /// not suspended, and are not limited unless the viewer follows them.</summary>
    public async Task<HashSet<Guid>> ShownOwnersAsync(IReadOnlyCollection<Guid> owners, Guid? viewerId)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT a.id FROM accounts a
            WHERE a.id = ANY ($1) AND (a.id = $2 OR ({StandingFilters.NotSuspended}
                AND (a.limited_until IS NULL OR a.limited_until <= now()
                     OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $2 AND f.followee_id = a.id))))
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = owners.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)viewerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        var shown = new HashSet<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) shown.Add(r.GetGuid(0));
        return shown;
    }

    /// <summary>Views and likes of the items now (0 for an item nobody counted yet).</summary>
    public async Task<Dictionary<Guid, (long Views, long Likes)>> CountsAsync(IReadOnlyCollection<Guid> itemIds)
    {
        await using var cmd = db.CreateCommand("SELECT content_id, views, likes FROM content_counters WHERE content_id = ANY ($1)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = itemIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        var counts = new Dictionary<Guid, (long, long)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) counts[r.GetGuid(0)] = (r.GetInt64(1), r.GetInt64(2));
        return counts;
    }
}
