using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.ReadModels;
using SocialFlow.Grains.Search.Elasticsearch;

namespace SocialFlow.Grains.Search;

public static class SearchRegistration
{
    /// <summary>
    /// Search: its options; the index the provider names (<c>SocialFlow:Search:Provider</c>, chosen here once):
    /// PostgreSQL's <see cref="SearchStore"/> (also a hosted service: its group-commit loop) and <see cref="SearchResultsReadModel"/>,
    /// or Elasticsearch's <see cref="ElasticSearchIndex"/> (also a hosted service: the mapping at start, the bulk loop) and
    /// <see cref="ElasticSearchResults"/>; the indexers that keep it current from the items' events; and the read models
    /// it indexes from and answers accounts with. The rebuild's positions stay in PostgreSQL (<see cref="SearchRebuildPositions"/>) for both.
    /// Searches read through their own pool (<see cref="SearchOptions.MaxConnections"/>, <see cref="SearchOptions.StatementTimeout"/>).
    /// </summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddPostgresReadPool(SearchOptions.ReadPool, sp =>
        {
            var search = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            return (search.MaxConnections, search.StatementTimeout);
        }, genericPlans: true);
        services.AddSingleton<SearchRebuildPositions>();
        services.AddSingleton<SearchSourcesReadModel>();
        services.AddSingleton<SearchAccountsReadModel>();
        if (configuration[$"{SearchOptions.Section}:Provider"] == SearchOptions.Elasticsearch)
        {
            services.AddSingleton(sp => new ElasticsearchClient(ClientSettings(sp.GetRequiredService<IOptions<SearchOptions>>().Value.Elastic)));
            services.AddSingleton<ElasticSearchReadModel>();
            services.AddSingleton<ElasticSearchIndex>();
            services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<ElasticSearchIndex>());
            services.AddHostedService(sp => sp.GetRequiredService<ElasticSearchIndex>());
            services.AddSingleton<ISearchResults, ElasticSearchResults>();
        }
        else
        {
            services.AddSingleton<SearchStore>();
            services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<SearchStore>());
            services.AddHostedService(sp => sp.GetRequiredService<SearchStore>());
            services.AddSingleton<SearchResultsReadModel>();
            services.AddSingleton<ISearchResults>(sp => sp.GetRequiredService<SearchResultsReadModel>());
        }
        services.AddSingleton<SearchIndexer>();
        services.AddSingleton<IDomainEventHandler>(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddSingleton<VideoSearchIndexer>();
        services.AddSingleton<IDomainEventHandler>(sp => sp.GetRequiredService<VideoSearchIndexer>());
        services.AddSingleton<IDomainEventHandler, MembersOnlySearchHandler>();
        services.AddSingleton<LiveSearchIndexer>();
        services.AddSingleton<IDomainEventHandler>(sp => sp.GetRequiredService<LiveSearchIndexer>());
        return services;
    }

    private static ElasticsearchClientSettings ClientSettings(ElasticsearchSettings elastic)
    {
        var settings = new ElasticsearchClientSettings(new Uri(elastic.Url!)).DefaultIndex(elastic.Index);
        return elastic.ApiKey is { Length: > 0 } key ? settings.Authentication(new ApiKey(key)) : settings;
    }
}
