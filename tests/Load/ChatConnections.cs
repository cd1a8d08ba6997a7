using System.Collections.Concurrent;
using System.Diagnostics;

namespace SocialFlow.Load;

/// <summary>
/// The benchmark's SignalR clients: one WebSocket connection per seeded user (<see cref="LeanHubConnection"/>,
/// negotiation skipped), each with its own <see cref="DeliveryRecorder"/> fed by the "chat" pushes. Connecting and
/// joining are bounded in parallelism and time.
/// </summary>
public sealed class ChatConnections : IAsyncDisposable
{
    private const int Parallelism = 32;
    private static readonly TimeSpan PerCallTimeout = TimeSpan.FromSeconds(20);
    private readonly ConcurrentBag<string> _failures = [];
    private long _closed;

    private ChatConnections(LeanHubConnection?[] hubs, DeliveryRecorder[] recorders) => (Hubs, Recorders) = (hubs, recorders);

    /// <summary>Index i belongs to user i; null where connecting failed.</summary>
    public LeanHubConnection?[] Hubs { get; }
    public DeliveryRecorder[] Recorders { get; }
    public long Closed => Interlocked.Read(ref _closed);
    public int Connected => Hubs.Count(h => h is not null);
    public IReadOnlyCollection<string> Failures => _failures;

    public static async Task<ChatConnections> ConnectAsync(
        Uri hub, string[] tokens, int messageCapacity, MeasuredWindow window, Guid streamId, TimeSpan deadline)
    {
        var connections = new ChatConnections(new LeanHubConnection?[tokens.Length],
            [.. tokens.Select(_ => new DeliveryRecorder(messageCapacity))]);
        var clock = Stopwatch.StartNew();
        await connections.ForEachAsync(deadline, async (i, cancel) =>
        {
            var recorder = connections.Recorders[i];
            var connection = await LeanHubConnection.ConnectAsync(hub, tokens[i], (batch, count, received) =>
            {
                var wall = DateTimeOffset.UtcNow;
                for (var m = 0; m < count; m++)
                {
                    if (batch[m].StreamId == streamId) recorder.Record(batch[m], received, window, wall - batch[m].SentAt);
                }
            }, cancel);
            connection.Closed += () => Interlocked.Increment(ref connections._closed);
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
                if (await hub.InvokeAsync("Join", $"[\"{streamId}\"]", cancel) is { } error) throw new InvalidOperationException(error);
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

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Parallel.ForEachAsync(Hubs.OfType<LeanHubConnection>(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = timeout.Token },
                async (hub, _) => await hub.DisposeAsync());
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("closing the connections took over 30 s; left to the process exit");
        }
    }
}
