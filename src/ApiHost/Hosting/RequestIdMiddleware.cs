namespace SocialFlow.ApiHost.Hosting;

/// <summary>
/// Accepts a well-formed X-Request-Id or makes one, echoes it, uses it as the trace identifier,
/// and puts it in the logging scope so every log line of the request carries it.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        var incoming = http.Request.Headers[Header].ToString();
        var id = IsWellFormed(incoming) ? incoming : Guid.CreateVersion7().ToString("N");
        http.TraceIdentifier = id;
        http.Response.Headers[Header] = id;
        // "request_id", not "RequestId": ASP.NET Core's own scope already uses that name for its connection counter.
        using (logger.BeginScope("request_id:{request_id}", id))
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await next(http);
            }
            finally
            {
                // The path only: query strings may carry tokens (OIDC callbacks).
                logger.LogInformation("HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms",
                    http.Request.Method, http.Request.Path.Value, http.Response.StatusCode,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    private static bool IsWellFormed(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
