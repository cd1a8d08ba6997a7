using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Search;

/// <summary>
/// Keeps the streams on air in the search index: a stream that started or was moderated is read as it is now and
/// indexed while it is live (held or removed ones as hidden), or dropped; an ended one is dropped.
/// </summary>
public sealed class LiveSearchIndexer(SearchSourcesReadModel sources, ISearchIndex index) : IDomainEventHandler
{
    public string Namespace => EventStreams.Live;

    public Task HandleAsync(DomainEvent evt) => evt.Kind switch
    {
        EventKinds.Live.Started or EventKinds.Live.Updated => IndexAsync(evt.EntityId),
        EventKinds.Live.Ended => index.DeleteAsync(evt.EntityId),
        _ => Task.CompletedTask,
    };

    /// <summary>Indexes the stream while it is on air, or drops it (also what a rebuild does per stream).</summary>
    public async Task IndexAsync(Guid streamId)
    {
        if (await sources.LiveAsync(streamId) is { } document) await index.UpsertAsync(document);
        else await index.DeleteAsync(streamId);
    }
}
