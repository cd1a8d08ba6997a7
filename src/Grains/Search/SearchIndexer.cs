using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Search;

/// <summary>
/// Keeps the search index current from the posts' events: any event of a post re-reads it and indexes it as it is now
/// (new, edited, made more or less visible, held, removed, restored), or drops it when it is gone. Idempotent and
/// order-proof, as event handlers must be.
/// </summary>
public sealed class SearchIndexer(SearchSourcesReadModel sources, SearchStore index) : IDomainEventHandler
{
    public string Namespace => EventStreams.Posts;

    public async Task HandleAsync(DomainEvent evt)
    {
        if (await sources.PostAsync(evt.EntityId) is { } document) await index.UpsertAsync(document);
        else await index.DeleteAsync(evt.EntityId);
    }
}
