using Microsoft.Extensions.Primitives;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>
/// Answers only to the hosts in <c>AllowedHosts</c> (';'-separated, ASP.NET Core's own key and wildcard rules; default
/// the loopback names), with a problem body; health checks answer to any host, because orchestrators probe by address.
/// It replaces the framework's host filtering, which runs before the app and answers with an HTML page.
/// </summary>
public sealed class HostCheckMiddleware(RequestDelegate next, IConfiguration configuration)
{
    public const string DefaultHosts = "localhost;127.0.0.1;[::1]";

    private readonly StringSegment[] _allowed = [.. (configuration["AllowedHosts"] is { Length: > 0 } hosts ? hosts : DefaultHosts)
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(h => new StringSegment(h))];

    public Task InvokeAsync(HttpContext http)
    {
        if (Allowed(http.Request.Host) || http.Request.Path.StartsWithSegments("/health")) return next(http);
        return Problems.WriteAsync(http, StatusCodes.Status400BadRequest, "host_not_allowed", "This server does not answer to that Host.");
    }

    // As the framework's filter: no Host at all (HTTP/1.0) names nothing to trust, and "*" allows any.
    private bool Allowed(HostString host) =>
        !host.HasValue || _allowed.Any(a => a == "*") || HostString.MatchesAny(host.Host, _allowed);
}
