using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Scheduling;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Trending.Viral;

namespace SocialFlow.Grains.Trending;

public static class TrendingRegistration
{
    /// <summary>Trending: the silo's tally and its flusher (level 1), the store, the hashtag and comment handlers, the
    /// read models trends are filtered through, the tag uses' pruner, and viral prediction (its store, facts read model,
    /// training and the scoring reminder's registration).</summary>
    public static IServiceCollection AddTrending(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrendingOptions>().BindConfiguration(TrendingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TrendingTally>();
        services.AddSingleton<TrendingStore>();
        services.AddSingleton<TrendingItemsReadModel>();
        services.AddSingleton<TrendingHashtagsReadModel>();
        services.AddSingleton<TrendingFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<TrendingFlusher>());
        services.AddHostedService<TrendingTagUsesPruner>();
        services.AddSingleton<IDomainEventHandler, TrendingTagHandler>();
        services.AddSingleton<IDomainEventHandler, TrendingCommentHandler>();
        services.AddOptions<ViralOptions>().BindConfiguration(ViralOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ViralStore>();
        services.AddSingleton<ViralFactsReadModel>();
        services.AddSingleton<ViralTraining>();
        services.AddReminderSchedule<IViralGrain>();
        return services;
    }
}
