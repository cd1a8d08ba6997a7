using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SocialFlow.Grains.Tests.Notifications;

public sealed record SmsRequest(string Method, string Path, string? Authorization, string? ContentType, IReadOnlyDictionary<string, string> Form);

/// <summary>
/// A local stand-in for Twilio's Messages API on Kestrel (127.0.0.1, a free port): records every request and answers
/// as Twilio does — 201 with the message resource, or the error body Twilio sends for the numbers told to fail
/// (400 code 21211, 429 code 20429 with Retry-After, 500).
/// </summary>
public sealed class SmsProviderSink : IAsyncDisposable
{
    public const string InvalidNumber = "+15005550001";
    public const string Throttled = "+15005550002";
    public const string Broken = "+15005550003";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SmsRequest> _requests = new();

    private SmsProviderSink(WebApplication app) => _app = app;

    public string BaseAddress => _app.Urls.Single();
    public IReadOnlyCollection<SmsRequest> Requests => _requests;

    public static async Task<SmsProviderSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new SmsProviderSink(app);
        app.Run(sink.HandleAsync);
        await app.StartAsync();
        return sink;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : [];
        _requests.Enqueue(new SmsRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization,
            context.Request.ContentType, form));
        var to = form.GetValueOrDefault("To");
        switch (to)
        {
            case InvalidNumber:
                await ErrorAsync(context, 400, 21211, $"The 'To' number {to} is not a valid phone number.");
                break;
            case Throttled:
                context.Response.Headers.RetryAfter = "7";
                await ErrorAsync(context, 429, 20429, "Too Many Requests");
                break;
            case Broken:
                await ErrorAsync(context, 500, 20500, "Internal Server Error");
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status201Created;
                await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
                {
                    ["sid"] = "SM" + Guid.NewGuid().ToString("N"), ["status"] = "queued", ["to"] = to, ["from"] = form.GetValueOrDefault("From"),
                    ["body"] = form.GetValueOrDefault("Body"), ["error_code"] = null,
                });
                break;
        }
    }

    private static Task ErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
