using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Load;

/// <summary>
/// What the benchmark reads of a chat message as /hubs/live sends it ({id, stream_id, user_id, username, text, sent_at},
/// snake_case JSON); the other fields are skipped, so that binding 100,000 of them a second costs the client less.
/// </summary>
public sealed record ChatMessage(string Id, Guid StreamId, string Text, DateTimeOffset SentAt);

/// <summary>
/// The benchmark's SignalR clients: one WebSocket connection per seeded user (negotiation skipped), each with its
/// own <see cref="DeliveryRecorder"/> fed by the "chat" event. Connecting and joining are bounded in parallelism and time.
/// </summary>
public sealed class ChatConnections : IAsyncDisposable
{
    private const int Parallelism = 32;
    private static readonly TimeSpan PerCallTimeout = TimeSpan.FromSeconds(20);
    private readonly ConcurrentBag<string> _failures = [];
    private long _closed;

    private ChatConnections(HubConnection?[] hubs, DeliveryRecorder[] recorders) => (Hubs, Recorders) = (hubs, recorders);

    /// <summary>Index i belongs to user i; null where connecting failed.</summary>
    public HubConnection?[] Hubs { get; }
    public DeliveryRecorder[] Recorders { get; }
    public long Closed => Interlocked.Read(ref _closed);
    public int Connected => Hubs.Count(h => h is not null);
    public IReadOnlyCollection<string> Failures => _failures;

    public static async Task<ChatConnections> ConnectAsync(
        Uri hub, string[] tokens, int messageCapacity, MeasuredWindow window, Guid streamId, TimeSpan deadline)
    {
        var connections = new ChatConnections(new HubConnection?[tokens.Length],
            [.. tokens.Select(_ => new DeliveryRecorder(messageCapacity))]);
        var clock = Stopwatch.StartNew();
        await connections.ForEachAsync(deadline, async (i, cancel) =>
        {
            var connection = Build(hub, tokens[i]);
            var recorder = connections.Recorders[i];
            connection.On<ChatMessage[]>("chat", batch =>
            {
                var (now, wall) = (Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);
                foreach (var m in batch) if (m.StreamId == streamId) recorder.Record(m.Text, now, window, wall - m.SentAt);
            });
            connection.Closed += _ =>
            {
                Interlocked.Increment(ref connections._closed);
                return Task.CompletedTask;
            };
            try
            {
                await connection.StartAsync(cancel);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
            connections.Hubs[i] = connection;
        });
        Console.WriteLine($"{connections.Connected} of {tokens.Length} connections open after {clock.Elapsed.TotalSeconds:0.0} s");
        return connections;
    }

    /// <summary>Every open connection calls Join(streamId); those that fail are closed and dropped.</summary>
    public async Task JoinAsync(Guid streamId, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        await ForEachAsync(deadline, async (i, cancel) =>
        {
            if (Hubs[i] is not { } hub) return;
            try
            {
                await hub.InvokeAsync<JsonElement>("Join", streamId, cancel);
            }
            catch
            {
                Hubs[i] = null;
                await hub.DisposeAsync();
                throw;
            }
        });
        Console.WriteLine($"{Connected} connections joined the stream after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task ForEachAsync(TimeSpan deadline, Func<int, CancellationToken, Task> action)
    {
        using var overall = new CancellationTokenSource(deadline);
        await Parallel.ForAsync(0, Hubs.Length, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            if (overall.IsCancellationRequested) return;
            using var call = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
            call.CancelAfter(PerCallTimeout);
            try
            {
                await action(i, call.Token);
            }
            catch (Exception e)
            {
                _failures.Add($"{e.GetType().Name}: {e.Message}");
            }
        });
    }

    private static HubConnection Build(Uri hub, string token) => new HubConnectionBuilder()
        .WithUrl(hub, o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .AddJsonProtocol(o => o.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower)
        .Build();

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Parallel.ForEachAsync(Hubs.OfType<HubConnection>(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = timeout.Token },
                async (hub, _) => await hub.DisposeAsync());
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("closing the connections took over 30 s; left to the process exit");
        }
    }
}
