using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Videos;
using SocialFlow.Silo.Hosting;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>What the API shows the web: the hosts it answers to, its public URL, CORS and the hubs' Origin check, protective headers.</summary>
public static class WebExposureExtensions
{
    // What a browser script may read of an answer besides the simple headers: created resources, rate limits, tus, ranges.
    private static readonly string[] ExposedHeaders =
    [
        "Location", "Retry-After", RequestIdMiddleware.Header, "Content-Range", "Accept-Ranges",
        TusProtocol.Resumable, TusProtocol.UploadOffset, TusProtocol.UploadLength, TusProtocol.UploadExpires,
        "Tus-Version", "Tus-Extension", "Tus-Max-Size", "Tus-Checksum-Algorithm",
    ];

    public static IHostApplicationBuilder AddSocialFlowWebExposure(this IHostApplicationBuilder builder)
    {
        var options = RequiredOptions.Bind<PublicAccessOptions>(builder.Services, builder.Configuration, PublicAccessOptions.Section);
        var proxy = RequiredOptions.Bind<ProxyOptions>(builder.Services, builder.Configuration, ProxyOptions.Section);
        builder.Services.Configure<ForwardedHeadersOptions>(proxy.Apply);
        // HostCheckMiddleware checks AllowedHosts inside the pipeline (problem answers, health exempt); the framework's
        // filter runs before it and would answer first, with an HTML page.
        builder.Services.Configure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        if (options.Cors.Origins.Length > 0)
        {
            // Credentials: the SignalR JavaScript client sends its requests "with credentials" by default.
            builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(options.Cors.Origins).AllowAnyHeader().AllowAnyMethod()
                .AllowCredentials().WithExposedHeaders(ExposedHeaders).SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        }
        return builder;
    }

    /// <summary>
    /// Runs first (after the request id): the client's address from trusted proxies, refused hosts and origins never
    /// reach an endpoint, and every answer gets the headers.
    /// </summary>
    public static WebApplication UseSocialFlowWebExposure(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<ProtectiveHeadersMiddleware>();
        app.UseMiddleware<HostCheckMiddleware>();
        var cors = app.Services.GetRequiredService<IOptions<PublicAccessOptions>>().Value.Cors;
        if (cors.Origins.Length > 0)
        {
            app.UseCors();
            // Browsers do not apply CORS to WebSockets: the hubs check the Origin a browser always sends (other clients send none).
            app.UseWhen(http => http.Request.Path.StartsWithSegments("/hubs"), hubs => hubs.Use((http, next) =>
                http.Request.Headers.Origin.ToString() is { Length: > 0 } origin && !cors.Allows(origin)
                    ? Problems.WriteAsync(http, StatusCodes.Status403Forbidden, "origin_not_allowed", "Pages of this origin may not open the hubs.")
                    : next(http)));
        }
        return app;
    }
}
