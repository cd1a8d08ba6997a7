using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Scalar.AspNetCore;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Endpoints;
using SocialFlow.ApiHost.Hubs;
using SocialFlow.ApiHost.Validation;
using SocialFlow.ApiHost.Videos;
using SocialFlow.Silo.Hosting;

namespace SocialFlow.ApiHost.Hosting;

public static class ApiHostingExtensions
{
    public static WebApplicationBuilder AddSocialFlowApi(this WebApplicationBuilder builder)
    {
        builder.Logging.AddSocialFlowJsonConsole();
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi();
        RequiredOptions.Bind<ThrottleOptions>(builder.Services, builder.Configuration, ThrottleOptions.Section);
        AddRateLimits(builder);
        builder.AddSocialFlowCluster();
        builder.Services.AddSocialFlowPosts(builder.Configuration); // the image store, also when the silo runs elsewhere
        builder.AddSocialFlowAuthentication();
        builder.AddSocialFlowVideoApi();
        builder.AddSocialFlowRealtime();
        return builder;
    }

    public static WebApplication MapSocialFlowApi(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseRouting();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapHealthEndpoints();
        // Secure by default: every API endpoint needs a signed-in user unless it says AllowAnonymous.
        var api = app.MapGroup("/api/v1").RequireAuthorization().AddEndpointFilter<ValidationFilter>();
        api.MapAuthEndpoints().MapOidcEndpoints().MapTwoFactorEndpoints().MapUserEndpoints();
        api.MapPostEndpoints().MapPostMediaEndpoints().MapCommentEndpoints();
        api.MapVideoEndpoints().MapVideoStreamEndpoints().MapTusUploadEndpoints();
        api.MapEngagementEndpoints();
        app.MapSocialFlowHubs();
        return app;
    }

    public sealed class RateLimitOptions
    {
        public const string Section = "SocialFlow:RateLimits";
        public int PerUserPerSecond { get; set; } = 100;
        public int PerUserBurst { get; set; } = 400;
        public int PerIpPerSecond { get; set; } = 50;
        public int PerIpBurst { get; set; } = 200;
    }

    /// <summary>A token bucket per signed-in user, or per IP address for anonymous calls.</summary>
    private static void AddRateLimits(WebApplicationBuilder builder)
    {
        var limits = RequiredOptions.Bind<RateLimitOptions>(builder.Services, builder.Configuration, RateLimitOptions.Section);
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var user = http.User.FindFirst("sub")?.Value;
                var (key, perSecond, burst) = user is not null
                    ? ($"u:{user}", limits.PerUserPerSecond, limits.PerUserBurst)
                    : ($"ip:{http.Connection.RemoteIpAddress}", limits.PerIpPerSecond, limits.PerIpBurst);
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : TimeSpan.FromSeconds(1);
                await Problems.WriteAsync(context.HttpContext, 429, "rate_limited", "Too many requests; slow down.", retryAfter);
            };
        });
    }
}
