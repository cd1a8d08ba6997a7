using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SocialFlow.ApiHost.Tests.Notifications;

public sealed record SinkCall(string Path, string? Authorization, string ContentType, string Body, int Status, DateTime At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public string? DeviceToken => Path.EndsWith("/messages:send") ? Json.GetProperty("message").GetProperty("token").GetString() : null;
}

/// <summary>
/// Local stand-ins on Kestrel (127.0.0.1, a free port) for Google's OAuth2 token endpoint (/token), FCM HTTP v1
/// (/v1/projects/{id}/messages:send) and SendGrid (/v3/mail/send). Every request is recorded. FCM answers by the device
/// token's prefix: "dead-" 404 UNREGISTERED, "bad-" 400 INVALID_ARGUMENT, "flaky-" 503 for its first two sends,
/// anything else 200.
/// </summary>
public sealed class ExternalSink : IAsyncDisposable
{
    public const string AccessToken = "ya29.test-access-token";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SinkCall> _calls = new();
    private readonly ConcurrentDictionary<string, int> _sendsPerToken = new();

    private ExternalSink(WebApplication app) => _app = app;

    public string BaseAddress => _app.Urls.Single();
    public IReadOnlyCollection<SinkCall> Calls => _calls;
    public List<SinkCall> Pushes(string deviceToken) => [.. _calls.Where(c => c.DeviceToken == deviceToken)];
    public List<SinkCall> TokenRequests => [.. _calls.Where(c => c.Path == "/token")];
    public List<SinkCall> Emails(string to) => [.. _calls.Where(c => c.Path == "/v3/mail/send" && c.Body.Contains($"\"{to}\"", StringComparison.OrdinalIgnoreCase))];

    public static async Task<ExternalSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new ExternalSink(app);
        app.Run(sink.HandleAsync);
        await app.StartAsync();
        return sink;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var path = context.Request.Path.Value ?? "";
        var (status, answer) = path switch
        {
            "/token" => (200, JsonSerializer.Serialize(new { access_token = AccessToken, expires_in = 3600, token_type = "Bearer" })),
            "/v3/mail/send" => (202, ""),
            _ when path.EndsWith("/messages:send") => Fcm(JsonDocument.Parse(body).RootElement.GetProperty("message").GetProperty("token").GetString()!),
            _ => (404, ""),
        };
        _calls.Enqueue(new SinkCall(path, context.Request.Headers.Authorization.ToString(), context.Request.ContentType ?? "", body, status, DateTime.UtcNow));
        context.Response.StatusCode = status;
        if (answer.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
        }
    }

    private (int, string) Fcm(string token)
    {
        var n = _sendsPerToken.AddOrUpdate(token, 1, (_, c) => c + 1);
        static string Error(int code, string status, string errorCode) => JsonSerializer.Serialize(new
        {
            error = new { code, message = "test", status, details = new object[] { new Dictionary<string, string> { ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError", ["errorCode"] = errorCode } } },
        });
        if (token.StartsWith("dead-")) return (404, Error(404, "NOT_FOUND", "UNREGISTERED"));
        if (token.StartsWith("bad-")) return (400, Error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"));
        if (token.StartsWith("flaky-") && n <= 2) return (503, Error(503, "UNAVAILABLE", "UNAVAILABLE"));
        return (200, JsonSerializer.Serialize(new { name = $"projects/sf-test/messages/{n}" }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
