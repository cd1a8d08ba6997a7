using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Live.Chat;

namespace SocialFlow.Grains.Analysis;

/// <summary>
/// Chat messages have no events (they are written in batches by the room's writer, and an outbox row per message
/// would double the chat's writes), so their scoring follows the table instead: every silo runs this worker, and a pass
/// that wins the advisory lock reads the messages after the watermark (leaving <c>ChatSettle</c> for batches still
/// committing), scores them and moves the watermark in the same transaction. A crash mid-pass scores those messages
/// again, which changes nothing (<see cref="ContentScorer"/> is idempotent). It starts from the moment it first runs:
/// older history is not scored.
/// </summary>
public sealed class ChatScoringWorker(NpgsqlDataSource db, LiveChatStore chat, ContentScorer scorer, IOptions<AnalysisOptions> options,
    TimeProvider clock, ILogger<ChatScoringWorker> logger) : BackgroundService
{
    private const long LockKey = 0x5F_414E_414C_5953; // "analysis" chat scoring, one pass at a time cluster-wide
    private const string Watermark = "chat";
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ChatScoringInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    while (await PassAsync() == BatchSize && !stoppingToken.IsCancellationRequested) { }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Chat scoring pass failed; the next pass starts from the same watermark");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Scores the next batch; how many messages it scored (0 when another silo holds the lock).</summary>
    public async Task<int> PassAsync()
    {
        await using var tx = await Tx.BeginAsync(db);
        await using (var locked = tx.Command("SELECT pg_try_advisory_xact_lock($1)", LockKey))
        {
            if (!(bool)(await locked.ExecuteScalarAsync())!) return 0;
        }
        await tx.ExecuteAsync("INSERT INTO analysis_watermarks (name, at, id) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            Watermark, clock.GetUtcNow(), Guid.Empty);
        DateTimeOffset at;
        Guid id;
        await using (var read = tx.Command("SELECT at, id FROM analysis_watermarks WHERE name = $1", Watermark))
        await using (var r = await read.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            (at, id) = (r.GetFieldValue<DateTimeOffset>(0), r.GetGuid(1));
        }
        var messages = await chat.MessagesAfterAsync(at, id, clock.GetUtcNow() - options.Value.ChatSettle, BatchSize);
        foreach (var m in messages)
        {
            await scorer.ScoreAsync(new ModeratedItem(ModerationTargetType.ChatMessage, m.Id, m.UserId, null, m.Text, null, m.Standing, false, 0,
                m.SentAt, m.StreamId));
        }
        if (messages.Count > 0)
        {
            await tx.ExecuteAsync("UPDATE analysis_watermarks SET at = $2, id = $3 WHERE name = $1", Watermark, messages[^1].SentAt, messages[^1].Id);
        }
        await tx.CommitAsync();
        return messages.Count;
    }
}
