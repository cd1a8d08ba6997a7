using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Feeds;

public static class FeedsRegistration
{
    /// <summary>Home feeds: the fan-out and graph handlers (run by the posts, videos and graph consumers) and the silo's caches.</summary>
    public static IServiceCollection AddFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FeedStore>();
        services.AddSingleton<FeedEntryWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedEntryWriter>());
        services.AddSingleton<FeedGraph>();
        services.AddSingleton<FeedCardReadModel>();
        services.AddSingleton<RecentItemsReadModel>();
        services.AddSingleton<FeedCards>();
        services.AddSingleton<PulledItems>();
        services.AddSingleton<FeedFanout>();
        services.AddSingleton<IDomainEventHandler, PostFeedHandler>();
        services.AddSingleton<IDomainEventHandler, VideoFeedHandler>();
        services.AddSingleton<IDomainEventHandler, GraphFeedHandler>();
        return services;
    }
}
