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

    public Task HandleAsync(DomainEvent evt) => IndexAsync(evt.EntityId);

    /// <summary>Indexes the post as it is now, or drops it (also what a rebuild does per post).</summary>
    public async Task IndexAsync(Guid postId)
    {
        if (await sources.PostAsync(postId) is { } document) await index.UpsertAsync(document);
        else await index.DeleteAsync(postId);
    }
}
