using BitFaster.Caching.Lru;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Recommendations;

namespace SocialFlow.Grains.ReadModels;

/// <summary>What ranks an item for everyone alike: its tags and its engagement counts (likes, bookmarks and comments; views).</summary>
public sealed record ItemFeatures(string[] Tags, long Engagements, long Views);

/// <summary>
/// Candidates' features, for rankings: tags (Posts: post_tags) and counts (Engagement: content_counters), by primary key.
/// A ranking waits only for the items this silo has never read: those it knows before its candidates' statement (the
/// co-engaged items, where nearly all such reads came from) are read in that statement's batch (<see cref="ReadAlong"/>),
/// the rest in one statement after it; a copy older than
/// <see cref="RecommendationOptions.FeaturesCacheTime"/> is used once more and read again after the ranking, off the
/// grain's scheduler, with the other old copies that ranking met (a failed read keeps them for another period). Why a
/// copy: they are features, not rules (who may see an item is decided by the candidates' statement, as the tables are
/// then), a count a minute old ranks as well as a current one, and many people's candidates are the same items: these
/// two lookups for ~150 candidates were a third of the candidates' statement (2.75 against 1.85 ms alone in psql), and a
/// third round trip for the copies that had just expired came in 95 % of rankings. Why it is safe: read only, capped at
/// <see cref="Capacity"/> items, the least recently used go.
/// </summary>
public sealed class CandidateFeaturesReadModel(
    [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, IOptions<RecommendationOptions> options, TimeProvider clock,
    ILogger<CandidateFeaturesReadModel> logger)
{
    public const int Capacity = 100_000;

    // A LATERAL with LIMIT 1 reaches content_counters by primary key: the planner, guessing the array's rows, may otherwise scan it whole.
    private const string Sql = """
        SELECT i.id, ARRAY(SELECT pt.tag FROM post_tags pt WHERE pt.post_id = i.id),
               coalesce(k.likes + k.bookmarks + k.comments, 0), coalesce(k.views, 0)
        FROM unnest($1::uuid[]) AS i (id)
        LEFT JOIN LATERAL (SELECT k.likes, k.bookmarks, k.comments, k.views FROM content_counters k WHERE k.content_id = i.id LIMIT 1) k ON true
        """;

    private readonly FastConcurrentLru<Guid, Copy> _items = new(Capacity); // full: the least recently used go

    /// <summary>A class: the cache replaces an entry's value in place, and a two-field struct could be read half-written.</summary>
    private sealed record Copy(ItemFeatures Value, long ReadAt);

    /// <summary>
    /// The read of the items among <paramref name="ids"/> this silo has never read, for another statement's batch (one
    /// round trip for both), or null when it has them all; <see cref="KeepAsync"/> takes its rows.
    /// </summary>
    public NpgsqlBatchCommand? ReadAlong(IEnumerable<Guid> ids)
    {
        var missing = ids.Where(id => !_items.TryGet(id, out _)).ToArray();
        return missing.Length == 0 ? null
            : new NpgsqlBatchCommand(Sql) { Parameters = { new() { Value = missing, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid } } };
    }

    /// <summary>Keeps the rows of a <see cref="ReadAlong"/> command; <paramref name="r"/> is at its result.</summary>
    public async Task KeepAsync(NpgsqlDataReader r)
    {
        var now = clock.GetTimestamp();
        while (await r.ReadAsync()) _items.AddOrUpdate(r.GetGuid(0), new Copy(Features(r), now));
    }

    public async Task<IReadOnlyDictionary<Guid, ItemFeatures>> ReadAsync(IReadOnlyCollection<Guid> ids)
    {
        var (now, maxAge) = (clock.GetTimestamp(), options.Value.FeaturesCacheTime);
        var found = new Dictionary<Guid, ItemFeatures>(ids.Count);
        var (missing, old) = (new List<Guid>(), new List<Guid>());
        foreach (var id in ids)
        {
            if (!_items.TryGet(id, out var copy))
            {
                missing.Add(id);
                continue;
            }
            found[id] = copy.Value;
            if (clock.GetElapsedTime(copy.ReadAt, now) < maxAge) continue;
            _items.AddOrUpdate(id, copy with { ReadAt = now }); // one refresh, not one for every ranking that meets it meanwhile
            old.Add(id);
        }
        if (old.Count > 0) _ = Task.Run(() => RefreshAsync(old));
        if (missing.Count > 0)
        {
            foreach (var (id, features) in await ReadAndKeepAsync(missing)) found[id] = features;
        }
        return found;
    }

    private static ItemFeatures Features(NpgsqlDataReader r) => new(r.GetFieldValue<string[]>(1), r.GetInt64(2), r.GetInt64(3));

    private async Task RefreshAsync(List<Guid> ids)
    {
        try
        {
            await ReadAndKeepAsync(ids);
        }
        catch (Exception e) // off any request: nothing else would see it
        {
            logger.LogWarning("Could not read the features of {Count} items again ({Error}); their copies stay another {CacheTime}",
                ids.Count, e.Message, options.Value.FeaturesCacheTime);
        }
    }

    private async Task<IReadOnlyDictionary<Guid, ItemFeatures>> ReadAndKeepAsync(List<Guid> ids)
    {
        var now = clock.GetTimestamp();
        var read = await PreparedCommand.ReadByIdAsync(prepared, Sql, ids, Features);
        foreach (var (id, features) in read) _items.AddOrUpdate(id, new Copy(features, now));
        return read;
    }
}
