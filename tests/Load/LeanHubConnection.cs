using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SocialFlow.Load;

/// <summary>A chat message as a "chat" push carries it, read in place: what the benchmark needs of it.</summary>
public readonly record struct PushedChat(Guid StreamId, long Seq, long SentTicks, DateTimeOffset SentAt, bool IsBenchmark);

/// <summary>
/// The benchmark's SignalR client: the JSON hub protocol spoken over a WebSocket (negotiation skipped, as the .NET
/// client does with SkipNegotiation), reading "chat" pushes in place with a Utf8JsonReader instead of binding objects.
/// The .NET client costs about as much CPU per delivery as the host; on a 2-core machine the tool then starved the host
/// and measured its own backlog. Invocations (Join, Send) are matched to completions by id; pings keep it alive.
/// </summary>
public sealed class LeanHubConnection : IAsyncDisposable
{
    private const byte Separator = 0x1e;
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _pending = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<PushedChat[], int, long> _onChat;
    private PushedChat[] _parsed = new PushedChat[64];
    private Task _receiving = Task.CompletedTask, _pinging = Task.CompletedTask;
    private long _nextId;

    private LeanHubConnection(Action<PushedChat[], int, long> onChat) => _onChat = onChat;

    /// <summary>Raised once when the connection ends for any reason other than DisposeAsync.</summary>
    public event Action? Closed;

    /// <summary>
    /// Connects and completes the handshake. <paramref name="onChat"/> gets each "chat" push's messages (a reused
    /// buffer, valid during the call: messages, count, Stopwatch ticks of receipt), on the receive loop.
    /// </summary>
    public static async Task<LeanHubConnection> ConnectAsync(Uri hub, string token, Action<PushedChat[], int, long> onChat, CancellationToken cancel)
    {
        var connection = new LeanHubConnection(onChat);
        try
        {
            connection._socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            await connection._socket.ConnectAsync(new UriBuilder(hub) { Scheme = hub.Scheme == "https" ? "wss" : "ws" }.Uri, cancel);
            await connection.SendRawAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), cancel);
            var handshake = await connection.ReadHandshakeAsync(cancel);
            if (handshake.Contains("\"error\"", StringComparison.Ordinal)) throw new InvalidOperationException("handshake refused: " + handshake);
        }
        catch
        {
            connection._socket.Dispose();
            throw;
        }
        connection._receiving = Task.Run(connection.ReceiveLoopAsync);
        connection._pinging = Task.Run(connection.PingLoopAsync);
        return connection;
    }

    /// <summary>Invokes a hub method; null when it completed, else the server's error text.</summary>
    /// <param name="argumentsJson">The JSON array of arguments.</param>
    public async Task<string?> InvokeAsync(string target, string argumentsJson, CancellationToken cancel)
    {
        var id = Interlocked.Increment(ref _nextId).ToString();
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        try
        {
            await SendRawAsync(Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"{target}\",\"arguments\":{argumentsJson}}}\u001e"), cancel);
            return await done.Task.WaitAsync(cancel);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task SendRawAsync(byte[] frame, CancellationToken cancel)
    {
        await _sending.WaitAsync(cancel);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancel);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task<string> ReadHandshakeAsync(CancellationToken cancel)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (Array.IndexOf(buffer, Separator, 0, length) < 0)
        {
            var read = await _socket.ReceiveAsync(buffer.AsMemory(length), cancel);
            if (read.MessageType == WebSocketMessageType.Close || length + read.Count >= buffer.Length) throw new InvalidOperationException("no handshake answer");
            length += read.Count;
        }
        var end = Array.IndexOf(buffer, Separator, 0, length);
        if (end + 1 != length) throw new InvalidOperationException("a message came with the handshake answer"); // the server sends nothing before it
        return Encoding.UTF8.GetString(buffer, 0, end);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length) buffer = Grow(buffer, length);
                var read = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                if (read.MessageType == WebSocketMessageType.Close) break;
                length += read.Count;
                if (!read.EndOfMessage) continue;
                var received = Stopwatch.GetTimestamp();
                var consumed = 0;
                int end;
                while ((end = Array.IndexOf(buffer, Separator, consumed, length - consumed)) >= 0)
                {
                    if (!Dispatch(buffer.AsSpan(consumed, end - consumed), received)) return;
                    consumed = end + 1;
                }
                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer); // a record split across messages waits for its end
                length -= consumed;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            foreach (var pending in _pending.Values) pending.TrySetException(new IOException("the connection closed"));
            if (!_stop.IsCancellationRequested) Closed?.Invoke();
        }
    }

    private static byte[] Grow(byte[] buffer, int length)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    /// <summary>One hub message; false on a close message.</summary>
    private bool Dispatch(ReadOnlySpan<byte> record, long received)
    {
        var reader = new Utf8JsonReader(record);
        reader.Read(); // {
        int? type = null;
        string? invocationId = null, error = null, target = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("invocationId"u8))
            {
                reader.Read();
                invocationId = reader.GetString();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = reader.GetString();
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                target = reader.GetString();
            }
            else if (reader.ValueTextEquals("arguments"u8) && target == "chat")
            {
                reader.Read(); // [ of the arguments
                reader.Read(); // [ of the one argument: the messages
                var count = ReadChat(ref reader);
                _onChat(_parsed, count, received);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (type == 3 && invocationId is not null && _pending.TryGetValue(invocationId, out var done)) done.TrySetResult(error);
        return type != 7;
    }

    private int ReadChat(ref Utf8JsonReader reader)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var (stream, seq, ticks, sentAt, bench) = (Guid.Empty, 0L, 0L, default(DateTimeOffset), false);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("stream_id"u8))
                {
                    reader.Read();
                    stream = reader.GetGuid();
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    bench = TryParseBenchmarkText(reader.ValueSpan, out seq, out ticks);
                }
                else if (reader.ValueTextEquals("sent_at"u8))
                {
                    reader.Read();
                    sentAt = reader.GetDateTimeOffset();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (count == _parsed.Length) Array.Resize(ref _parsed, count * 2);
            _parsed[count++] = new PushedChat(stream, seq, ticks, sentAt, bench);
        }
        return count;
    }

    /// <summary>"bench {seq} {ticks}" (<see cref="DeliveryRecorder.Text"/>), as UTF-8 without escapes.</summary>
    public static bool TryParseBenchmarkText(ReadOnlySpan<byte> text, out long seq, out long ticks)
    {
        seq = ticks = 0;
        if (!text.StartsWith("bench "u8)) return false;
        text = text[6..];
        if (!Utf8Parser.TryParse(text, out seq, out var used) || used >= text.Length || text[used] != (byte)' ') return false;
        text = text[(used + 1)..];
        return Utf8Parser.TryParse(text, out ticks, out used) && used == text.Length;
    }

    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(PingInterval, _stop.Token);
                await SendRawAsync(Ping, _stop.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (_socket.State == WebSocketState.Open) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        await Task.WhenAll(_receiving, _pinging);
        _socket.Dispose();
        _stop.Dispose();
        _sending.Dispose();
    }
}
