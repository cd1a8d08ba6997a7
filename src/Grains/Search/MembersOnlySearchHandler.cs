using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Events;

namespace SocialFlow.Grains.Search;

/// <summary>
/// A post made members-only (or open again) is indexed again: members-only posts are kept out of search, because an
/// excerpt would show what only members may read (members find them on the creator's page and in their feeds). Videos
/// and live streams stay findable: their titles are what a creator shows to win members.
/// </summary>
public sealed class MembersOnlySearchHandler(SearchIndexer posts) : IDomainEventHandler
{
    public string Namespace => EventStreams.Payments;

    public Task HandleAsync(DomainEvent evt) =>
        evt.Kind == EventKinds.Payments.AccessChanged && EventPayload.Parse(evt.Payload).Text("content_kind") == "post"
            ? posts.IndexAsync(evt.EntityId) : Task.CompletedTask;
}
