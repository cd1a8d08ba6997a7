using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Infrastructure.Telemetry;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Infrastructure.Events;

/// <summary>
/// Publishes outbox_events to the "events" stream provider. Every silo runs one: a claim takes undelivered rows whose
/// lease is free or lapsed (FOR UPDATE SKIP LOCKED, so dispatchers never take the same row at once), leases them, and
/// publishes each to its stream. Rows become delivered only when the consumer acknowledges them (<see cref="EventAcks"/>);
/// an unacknowledged row is claimed again after its lease. Claims stop while MaxInFlight rows (cluster-wide) await
/// their acknowledgement, so a backlog is not claimed faster than consumers get through it (leases lapsing into
/// duplicate publishes). It waits for work on LISTEN outbox_events, with a poll as
/// fallback. A silo lifecycle participant (Active stage): it publishes only while the silo can, and stops before it goes down.
/// </summary>
public sealed class EventDispatcher(
    NpgsqlDataSource db, [FromKeyedServices(PostgresRegistration.PreparedPool)] NpgsqlDataSource prepared, IClusterClient client, IOptions<EventOptions> options, SocialFlowMetrics metrics, ILogger<EventDispatcher> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private EventOptions Options => options.Value;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EventDispatcher), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken _)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(ct).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var backoff = Options.PollInterval;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var listener = await db.OpenConnectionAsync(ct);
                await using (var listen = new NpgsqlCommand("LISTEN outbox_events", listener)) await listen.ExecuteNonQueryAsync(ct);
                try
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var claimed = Stopwatch.GetTimestamp();
                        var published = await DispatchBatchAsync(ct);
                        backoff = Options.PollInterval;
                        if (published >= Options.MaxBatch) continue;
                        // Notifications that arrived meanwhile are buffered on the connection and end this wait at once.
                        await listener.WaitAsync(Options.PollInterval, ct);
                        // Under a stream of commits each wakes this loop: claiming at most every ClaimInterval gathers them
                        // into batches (a claim costs the database about the same for 3 rows as for 30).
                        var wait = Options.ClaimInterval - Stopwatch.GetElapsedTime(claimed);
                        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
                    }
                }
                finally
                {
                    // Pooled connections are not reset when returned (PostgresRegistration): a listening one would be handed
                    // out still listening. A broken connection fails here and is discarded by the pool anyway.
                    await UnlistenAsync(listener);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Event dispatch failed; retrying in {Backoff}", backoff);
                try { await Task.Delay(backoff, ct); } catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            catch (OperationCanceledException) { return; }
        }
    }

    private static async Task UnlistenAsync(NpgsqlConnection listener)
    {
        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", listener);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException) { }
    }

    /// <summary>
    /// Claims and publishes one batch; returns how many rows it claimed. Streams are published side by side, the
    /// events of one stream one after another, in outbox order.
    /// </summary>
    private async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        var batch = await ClaimAsync(ct);
        if (batch.Count == 0) return 0;
        var provider = client.GetStreamProvider(EventStreams.Provider);
        var failed = 0;
        await Task.WhenAll(batch.GroupBy(row => (row.Namespace, row.Event.EntityId)).Select(async stream =>
        {
            var target = provider.GetStream<DomainEvent>(StreamId.Create(stream.Key.Namespace, stream.Key.EntityId));
            foreach (var row in stream)
            {
                try
                {
                    await target.OnNextAsync(row.Event);
                    metrics.RecordLag(metrics.OutboxLag, row.Event.OccurredAt);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failed);
                    logger.LogWarning(e, "Publishing event {EventId} failed; it goes out again when its lease lapses", row.Event.EventId);
                }
            }
        }));
        // Backs the loop off (the stream layer is in trouble); the failed rows keep their lease and come back later.
        if (failed > 0) throw new InvalidOperationException($"{failed} of {batch.Count} events could not be published.");
        return batch.Count;
    }

    private sealed record ClaimedRow(string Namespace, DomainEvent Event);

    private async Task<List<ClaimedRow>> ClaimAsync(CancellationToken ct)
    {
        await using var cmd = await PreparedCommand.OpenAsync(prepared, """
            UPDATE outbox_events SET attempts = attempts + 1, lease_until = now() + $1 * power(2, least(attempts, 5))
            WHERE id IN (SELECT id FROM outbox_events
                         WHERE delivered_at IS NULL AND (lease_until IS NULL OR lease_until < now())
                         ORDER BY id
                         LIMIT least($2, greatest(0, $3 - (SELECT count(*) FROM outbox_events
                                                           WHERE delivered_at IS NULL AND lease_until >= now())))
                         FOR UPDATE SKIP LOCKED)
            RETURNING id, event_id, stream_namespace, stream_key, actor_id, kind, payload::text, created_at
            """, Options.Lease, Options.MaxBatch, Options.MaxInFlight);
        await using var r = await cmd.Command.ExecuteReaderAsync(ct);
        var rows = new List<ClaimedRow>();
        while (await r.ReadAsync(ct))
        {
            rows.Add(new ClaimedRow(r.GetString(2), new DomainEvent(
                r.GetGuid(1), r.GetInt64(0), r.GetString(5), r.GetGuid(3), r.GetGuid(4), r.GetFieldValue<DateTimeOffset>(7), r.GetString(6))));
        }
        rows.Sort((a, b) => a.Event.Sequence.CompareTo(b.Event.Sequence));
        return rows;
    }
}
