using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Analysis;

/// <summary>
/// Chat messages have no events (they are written in batches by the room's writer, and an outbox row per message
/// would double the chat's writes), so their scoring follows the table instead: every silo runs this worker, and a pass
/// that wins the advisory lock scores the messages of the last <c>ChatScoringWindow</c> that have no score yet
/// (<see cref="UnscoredChatMessagesReadModel"/>). A message whose scoring fails is due again on the next pass; one
/// older than the window when first seen (a cluster down longer than that) is not scored.
/// </summary>
public sealed class ChatScoringWorker(NpgsqlDataSource db, UnscoredChatMessagesReadModel unscored, ContentScorer scorer,
    IOptions<AnalysisOptions> options, TimeProvider clock, ILogger<ChatScoringWorker> logger) : BackgroundService
{
    private const long LockKey = 0x5F_414E_414C_5953; // chat scoring: one pass at a time cluster-wide
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
                    logger.LogWarning(e, "Chat scoring pass failed; the messages stay due for the next pass");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Scores the next batch; how many messages it took (0 when another silo holds the lock).</summary>
    public async Task<int> PassAsync()
    {
        await using var tx = await Tx.BeginAsync(db);
        await using (var locked = tx.Command("SELECT pg_try_advisory_xact_lock($1)", LockKey))
        {
            if (!(bool)(await locked.ExecuteScalarAsync())!) return 0;
        }
        var messages = await unscored.NextAsync(options.Value.ChatScoringWindow, BatchSize);
        foreach (var m in messages)
        {
            await scorer.ScoreAsync(new ModeratedItem(ModerationTargetType.ChatMessage, m.Id, m.UserId, null, m.Text, null, m.Standing, false, 0,
                m.SentAt, m.StreamId));
        }
        await tx.CommitAsync();
        return messages.Count;
    }
}
