using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Analytics;

public static class AnalyticsRegistration
{
    /// <summary>
    /// Analytics: its options, the silo's group-commit writer, the server facts' handlers (comments, follows, uploads,
    /// payments, ad revenue) and the likes' projector, the stores, and the raw events' retention.
    /// </summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AnalyticsWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AnalyticsWriter>());
        services.AddSingleton<AnalyticsStore>();
        services.AddSingleton<AnalyticsReportStore>();
        services.AddSingleton<LikeAnalyticsProjector>();
        services.AddHostedService(sp => sp.GetRequiredService<LikeAnalyticsProjector>());
        services.AddSingleton<RawEventsRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<RawEventsRetention>());
        AddFacts(services, EventStreams.Engagement, ServerFacts.Comment);
        AddFacts(services, EventStreams.Graph, ServerFacts.Follow);
        AddFacts(services, EventStreams.Videos, ServerFacts.Upload);
        AddFacts(services, EventStreams.Payments, ServerFacts.Payment);
        AddFacts(services, EventStreams.Ads, ServerFacts.AdRevenue);
        return services;
    }

    private static void AddFacts(IServiceCollection services, string ns, Func<DomainEvent, RawEvent?> map) =>
        services.AddSingleton<IDomainEventHandler>(sp => new ServerFactHandler(ns, map, sp.GetRequiredService<AnalyticsWriter>()));
}
