using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace SocialFlow.Testing.Contract;

/// <summary>One kind of response the test hosts gave: operation, status and media type, how often, and a few bodies.</summary>
public sealed record RecordedResponse(string Method, string Path, int Status, string? MediaType, int Count, IReadOnlyList<string> Bodies);

/// <summary>
/// Records what every test host of this process answers on its documented routes (method, route template, status, media
/// type, and the first few JSON bodies of each), so that a test can hold the OpenAPI document to what the suite really
/// saw. Installed by <see cref="ApiFactory"/> as the outermost middleware: it sees the final status of every request,
/// whichever client sent it, and the route template the request matched.
/// </summary>
public static partial class ResponseRecorder
{
    private const int BodiesPerKind = 3, MaxBodyBytes = 256 * 1024;
    private static readonly ConcurrentDictionary<(string Method, string Path, int Status, string? MediaType), Kind> Kinds = new();
    private static readonly Lock Gate = new();
    private static Task<string>? _document;

    public static IReadOnlyList<RecordedResponse> Responses =>
        [.. Kinds.Select(k => new RecordedResponse(k.Key.Method, k.Key.Path, k.Key.Status, k.Key.MediaType, k.Value.Count, [.. k.Value.Bodies]))];

    public static int Count => Kinds.Values.Sum(k => k.Count);

    /// <summary>The OpenAPI document (JSON) of the first host that recorded anything; null before any did.</summary>
    public static Task<string>? Document => Volatile.Read(ref _document);

    internal sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var services = app.ApplicationServices;
            app.Use(async (http, nextMiddleware) =>
            {
                await RecordAsync(http, nextMiddleware);
                // Generated once per process, off the request path: every host of this code documents the same routes.
                if (Document is null)
                {
                    lock (Gate) _document ??= Task.Run(() => DocumentOf(services));
                }
            });
            next(app);
        };
    }

    private static async Task<string> DocumentOf(IServiceProvider services)
    {
        var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
        return await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
    }

    private static async Task RecordAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.StartsWithSegments("/api/v1") && !http.Request.Path.StartsWithSegments("/health"))
        {
            await next(http);
            return;
        }
        var body = http.Response.Body;
        using var tee = new TeeStream(body, MaxBodyBytes, () => IsJson(http.Response.ContentType));
        http.Response.Body = tee;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = body;
        }
        if (http.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } template }) return;
        var mediaType = http.Response.ContentType?.Split(';')[0].Trim();
        var kind = Kinds.GetOrAdd((http.Request.Method, PathOf(template), http.Response.StatusCode, mediaType), _ => new Kind());
        kind.Add(tee.Captured);
    }

    /// <summary>"/api/v1/videos/{id:guid}" as the document writes it: "/api/v1/videos/{id}".</summary>
    public static string PathOf(string template) => "/" + RouteParameter().Replace(template.Trim('/'), "{$1}");

    private static bool IsJson(string? contentType) => contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    private sealed class Kind
    {
        private int _count;
        public ConcurrentQueue<string> Bodies { get; } = new();
        public int Count => Volatile.Read(ref _count);

        public void Add(string? body)
        {
            Interlocked.Increment(ref _count);
            if (body is { Length: > 0 } && Bodies.Count < BodiesPerKind) Bodies.Enqueue(body);
        }
    }
}
