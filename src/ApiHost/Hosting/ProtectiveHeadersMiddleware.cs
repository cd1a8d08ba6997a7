namespace SocialFlow.ApiHost.Hosting;

/// <summary>
/// Headers every answer carries (set as the answer starts, so error answers get them too): no MIME sniffing, no
/// Referer, a Content-Security-Policy (the docs page's and the dashboard's allow its own scripts and styles, nothing else may run
/// anything), and Cache-Control: no-store on every API and hub answer that does not say otherwise, because nearly
/// all of them hold tokens or personal data (a viewer's likes, sessions, profile). Media answers set their own.
/// </summary>
public sealed class ProtectiveHeadersMiddleware(RequestDelegate next)
{
    public const string DocsPath = "/docs";

    // Scalar's page is its bundled script, its stylesheet and one inline module with its configuration; it calls the
    // API on this origin. Its web fonts are turned off (they come from a CDN).
    private const string DocsPolicy = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            var path = http.Request.Path;
            // The Orleans dashboard (admins only) is a page of the same kind: its own scripts and styles, calls to this origin.
            var page = path.StartsWithSegments(DocsPath) || path.StartsWithSegments(OrleansDashboardEndpoints.Path);
            headers.ContentSecurityPolicy = page ? DocsPolicy : ApiPolicy;
            if ((path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs")) && headers.CacheControl.Count == 0)
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        }, http);
        return next(http);
    }
}
