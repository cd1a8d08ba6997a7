using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Search;

public static class SearchRegistration
{
    /// <summary>Search: the PostgreSQL index's store, the indexer that keeps it current from the items' events, and the read models it indexes from and answers with.</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddSingleton<SearchStore>();
        services.AddSingleton<SearchSourcesReadModel>();
        services.AddSingleton<SearchResultsReadModel>();
        services.AddSingleton<SearchAccountsReadModel>();
        services.AddSingleton<SearchIndexer>();
        services.AddSingleton<IDomainEventHandler>(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddSingleton<VideoSearchIndexer>();
        services.AddSingleton<IDomainEventHandler>(sp => sp.GetRequiredService<VideoSearchIndexer>());
        services.AddSingleton<LiveSearchIndexer>();
        services.AddSingleton<IDomainEventHandler>(sp => sp.GetRequiredService<LiveSearchIndexer>());
        return services;
    }
}
