using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Search;

/// <summary>
/// Keeps the search index current from the posts' events: a created or updated post is re-read and indexed as it is
/// now (new, edited, made more or less visible, held, removed, restored), or dropped when it is gone by then; a deleted
/// one is dropped. Idempotent and order-proof, as event handlers must be; kinds it does not know are skipped.
/// </summary>
public sealed class SearchIndexer(SearchSourcesReadModel sources, ISearchIndex index) : IDomainEventHandler
{
    public string Namespace => EventStreams.Posts;

    public Task HandleAsync(DomainEvent evt) => evt.Kind switch
    {
        EventKinds.Post.Created or EventKinds.Post.Updated => IndexAsync(evt.EntityId),
        EventKinds.Post.Deleted => index.DeleteAsync(evt.EntityId),
        _ => Task.CompletedTask,
    };

    /// <summary>Indexes the post as it is now, or drops it (also what a rebuild does per post).</summary>
    public async Task IndexAsync(Guid postId)
    {
        if (await sources.PostAsync(postId) is { } document) await index.UpsertAsync(document);
        else await index.DeleteAsync(postId);
    }
}
