using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SocialFlow.Grains.Tests.Infrastructure;

public sealed record SinkRequest(string Method, string Path, string? Authorization, JsonElement Body, int Status)
{
    public string To => Body.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString()!;
    public string? OutboxId => Body.GetProperty("personalizations")[0].TryGetProperty("custom_args", out var args)
        && args.TryGetProperty("outbox_id", out var id) ? id.GetString() : null;
}

/// <summary>
/// A local stand-in for api.sendgrid.com on Kestrel (127.0.0.1, a free port): records every request and answers
/// 202 like SendGrid, or 500 for recipients told to fail. Each send takes <see cref="Latency"/>, like a real call.
/// </summary>
public sealed class SendGridSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SinkRequest> _requests = new();
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.OrdinalIgnoreCase);
    private int _inFlight;
    private int _maxInFlight;

    private SendGridSink(WebApplication app) => _app = app;

    public string BaseAddress => _app.Urls.Single();
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(20);
    public IReadOnlyCollection<SinkRequest> Requests => _requests;

    /// <summary>The most requests seen in flight at once; every dispatcher sends one at a time, so above 1 means several sent together.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyList<SinkRequest> RequestsTo(string recipient) =>
        _requests.Where(r => string.Equals(r.To, recipient, StringComparison.OrdinalIgnoreCase)).ToList();

    public void ResetMaxInFlight() => Volatile.Write(ref _maxInFlight, 0);

    public void FailFor(string recipient) => _failing[recipient] = true;
    public void Heal(string recipient) => _failing.TryRemove(recipient, out _);

    public static async Task<SendGridSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new SendGridSink(app);
        app.Run(sink.HandleAsync);
        await app.StartAsync();
        return sink;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            InterlockedMax(ref _maxInFlight, inFlight);
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            await Task.Delay(Latency);
            var to = body.TryGetProperty("personalizations", out var p) ? p[0].GetProperty("to")[0].GetProperty("email").GetString() : null;
            var status = to is not null && _failing.ContainsKey(to) ? StatusCodes.Status500InternalServerError : StatusCodes.Status202Accepted;
            _requests.Enqueue(new SinkRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization, body, status));
            context.Response.StatusCode = status;
            if (status != StatusCodes.Status202Accepted)
            {
                await context.Response.WriteAsJsonAsync(new { errors = new[] { new { message = "sink told to fail" } } });
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
