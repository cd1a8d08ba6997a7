using Npgsql;
using SocialFlow.Grains.Infrastructure.MachineLearning;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Recommendations;
using SocialFlow.Grains.Moderation;
using SocialFlow.Grains.Recommendations.Ranking;

namespace SocialFlow.Grains.Recommendations;

/// <summary>recommendation_models, recommendation_neighbors (written by the trainer grain) and recommendation_feedback
/// (written by each person's grain); migration 0150.</summary>
public sealed class RecommendationStore(NpgsqlDataSource db)
{
    public ModelVersions Models { get; } = new(db, "recommendation_models");

    /// <summary>Stores an accepted model and its neighbors in one commit (with the admin's audit row when asked for): every
    /// silo serves it from its next check.</summary>
    public async Task<long> PublishAsync(TrainedModel model, IReadOnlyDictionary<Guid, Neighbor[]> neighbors, DateTimeOffset at, AuditEntry? audit)
    {
        await using var tx = await Tx.BeginAsync(db);
        await using (var clear = tx.Command("DELETE FROM recommendation_neighbors"))
        {
            clear.CommandTimeout = 300;
            await clear.ExecuteNonQueryAsync();
        }
        // In chunks: a full-size population has millions of pairs, more than one statement should carry.
        foreach (var chunk in neighbors.SelectMany(n => n.Value.Select(x => (n.Key, x.Item, x.Score))).Chunk(50_000))
        {
            await using var cmd = tx.Command("""
                INSERT INTO recommendation_neighbors (item_id, neighbor_id, score) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::real[])
                """, chunk.Select(i => i.Key).ToArray(), chunk.Select(i => i.Item).ToArray(), chunk.Select(i => i.Score).ToArray());
            cmd.CommandTimeout = 300;
            await cmd.ExecuteNonQueryAsync();
        }
        var version = await Models.AddAsync(tx, at, model.Metrics.Examples, Metrics(model.Metrics), model.Bytes, audit);
        await tx.CommitAsync();
        return version;
    }

    /// <summary>The published neighbors, which every silo keeps beside the model it serves, so a ranking's co-engaged
    /// candidates are summed in memory (in its statement this was a fifth of it: 1.85 against 1.5 ms alone in psql).</summary>
    public async Task<NeighborTable> NeighborsAsync()
    {
        await using var cmd = db.CreateCommand("SELECT item_id, neighbor_id, score FROM recommendation_neighbors");
        cmd.CommandTimeout = 300;
        var pairs = new List<(Guid, Guid, float)>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) pairs.Add((r.GetGuid(0), r.GetGuid(1), r.GetFloat(2)));
        }
        return NeighborTable.From(pairs);
    }

    public async Task SaveFeedbackAsync(Guid userId, Guid itemId, Guid authorId, FeedbackSignal signal, int? seconds, DateTimeOffset at)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO recommendation_feedback (user_id, item_id, author_id, signal, seconds, at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (user_id, item_id) DO UPDATE SET signal = EXCLUDED.signal, seconds = EXCLUDED.seconds, at = EXCLUDED.at
            """);
        Tx.AddParameters(cmd, userId, itemId, authorId, SignalName(signal), seconds is { } s ? s : DBNull.Value, at);
        await cmd.ExecuteNonQueryAsync();
    }

    public static string SignalName(FeedbackSignal signal) => signal switch
    {
        FeedbackSignal.NotInterested => "not_interested",
        FeedbackSignal.SeeMore => "see_more",
        FeedbackSignal.Watched => "watched",
        _ => "skipped",
    };

    private static string Metrics(ModelMetrics m) => System.Text.Json.JsonSerializer.Serialize(new
    {
        auc = m.Auc, ndcg10 = m.Ndcg10, popularity_ndcg10 = m.PopularityNdcg10, examples = m.Examples, train_seconds = m.TrainSeconds,
    });
}
