using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Interfaces.Analysis;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Analysis;

/// <summary>An item's scores as its content_scores row keeps them.</summary>
public sealed record ScoredItem(ModerationTargetType Type, Guid Id, TextAnalysis Scores, byte[] TextHash, bool Flagged, bool Held);

/// <summary>
/// The silo's group commit of content_scores (<see cref="BatchingQueue{T}"/>): every new post, comment and chat message
/// is scored, so the scores waiting for their row are upserted by one prepared statement (one round trip and one commit
/// a batch, not one an item). An item scored twice in one batch keeps its later scores; rows are written in key order,
/// so two silos' batches never wait on each other in opposite orders.
/// </summary>
public sealed class ContentScoreWriter([FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, SocialFlowMetrics metrics, ILogger<ContentScoreWriter> logger)
    : GroupCommitWriter<ScoredItem>("content_scores", MaxBatch, metrics, logger)
{
    private const int MaxBatch = 500;

    private const string Sql = """
        INSERT INTO content_scores AS s (target_id, target_type, language, sentiment, sentiment_score, toxicity, spam, flagged, held, text_hash, model_version)
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::boolean[], $9::boolean[],
                             $10::bytea[], $11::text[])
        ON CONFLICT (target_id, target_type) DO UPDATE SET language = excluded.language, sentiment = excluded.sentiment,
            sentiment_score = excluded.sentiment_score, toxicity = excluded.toxicity, spam = excluded.spam, flagged = excluded.flagged,
            held = excluded.held, text_hash = excluded.text_hash, model_version = excluded.model_version, scored_at = now()
        """;

    /// <summary>Completes once the item's scores are committed.</summary>
    public Task SaveAsync(ScoredItem item) => QueueAsync(item);

    protected override async Task CommitAsync(IReadOnlyList<ScoredItem> batch)
    {
        var rows = batch.GroupBy(i => (i.Id, i.Type)).Select(g => g.Last()).OrderBy(i => i.Id).ThenBy(i => i.Type).ToList();
        await using var upsert = await PreparedCommand.OpenAsync(prepared, Sql,
            rows.Select(r => r.Id).ToArray(), rows.Select(r => ModerationNames.Of(r.Type)).ToArray(), rows.Select(r => r.Scores.Language).ToArray(),
            rows.Select(r => r.Scores.Sentiment).ToArray(), rows.Select(r => r.Scores.SentimentScore).ToArray(), rows.Select(r => r.Scores.Toxicity).ToArray(),
            rows.Select(r => r.Scores.Spam).ToArray(), rows.Select(r => r.Flagged).ToArray(), rows.Select(r => r.Held).ToArray(),
            rows.Select(r => r.TextHash).ToArray(), rows.Select(r => r.Scores.ModelVersion).ToArray());
        await upsert.Command.ExecuteNonQueryAsync();
    }
}
