using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using SocialFlow.ApiHost.Ads;
using SocialFlow.ApiHost.Analytics;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Endpoints;
using SocialFlow.ApiHost.Hubs;
using SocialFlow.ApiHost.OpenApi;
using SocialFlow.ApiHost.Payments;
using SocialFlow.ApiHost.Validation;
using SocialFlow.ApiHost.Videos;
using SocialFlow.Grains.Interfaces.Analysis;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Payments;
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
        builder.Services.AddSocialFlowOpenApi();
        RequiredOptions.Bind<ThrottleOptions>(builder.Services, builder.Configuration, ThrottleOptions.Section);
        RequiredOptions.Bind<RateLimitOptions>(builder.Services, builder.Configuration, RateLimitOptions.Section);
        RequiredOptions.Bind<LiveOptions>(builder.Services, builder.Configuration, LiveOptions.Section);
        RequiredOptions.Bind<ReportingOptions>(builder.Services, builder.Configuration, ReportingOptions.Section);
        RequiredOptions.Bind<PaymentRulesOptions>(builder.Services, builder.Configuration, PaymentRulesOptions.Section);
        RequiredOptions.Bind<StripeWebhookOptions>(builder.Services, builder.Configuration, StripeWebhookOptions.Section);
        RequiredOptions.Bind<AnalyticsTrackingOptions>(builder.Services, builder.Configuration, AnalyticsTrackingOptions.Section);
        RequiredOptions.Bind<AnalysisLimits>(builder.Services, builder.Configuration, AnalysisLimits.Section);
        builder.Services.AddSingleton<RequestRateLimiter>();
        builder.Services.AddSingleton<ApiMetrics>();
        builder.Services.AddSingleton<FeedItemJson>();
        builder.AddSocialFlowWebExposure();
        builder.AddSocialFlowCluster();
        builder.AddSocialFlowAuthentication();
        builder.AddSocialFlowVideoApi();
        builder.AddSocialFlowRealtime();
        builder.AddSocialFlowAdsApi();
        return builder;
    }

    public static WebApplication MapSocialFlowApi(this WebApplication app)
    {
        app.UseSocialFlowMetricsListener();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseSocialFlowWebExposure();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseRouting();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseMiddleware<RequestCharsetMiddleware>();
        app.UseMiddleware<RouteTextMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference(ProtectiveHeadersMiddleware.DocsPath, o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts())
            .AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapSocialFlowDashboard();
        // Secure by default: every API endpoint needs a signed-in user unless it says AllowAnonymous.
        var api = app.MapGroup("/api/v1").RequireAuthorization().AddEndpointFilterFactory(ValidationFilter.Factory);
        api.MapAuthEndpoints().MapOidcEndpoints().MapTwoFactorEndpoints().MapUserEndpoints().MapInterestEndpoints();
        api.MapPostEndpoints().MapPostMediaEndpoints().MapCommentEndpoints();
        api.MapVideoEndpoints().MapVideoStreamEndpoints().MapTusUploadEndpoints();
        api.MapEngagementEndpoints();
        api.MapFeedEndpoints();
        api.MapSocialEndpoints();
        api.MapNotificationEndpoints().MapSystemNotificationEndpoints().MapModerationEndpoints();
        api.MapModerationContentEndpoints();
        api.MapSearchEndpoints();
        api.MapTrendingEndpoints();
        api.MapRecommendationEndpoints();
        api.MapPaymentEndpoints();
        api.MapSubscriptionEndpoints();
        api.MapContentAccessEndpoints();
        api.MapPayoutEndpoints();
        api.MapAdsEndpoints();
        api.MapAnalyticsEndpoints();
        api.MapAnalysisEndpoints();
        api.MapLiveEndpoints().MapLiveChatEndpoints().MapLiveMediaEndpoints();
        app.MapRtmpCallbacks();
        app.MapSocialFlowHubs();
        return app;
    }
}
