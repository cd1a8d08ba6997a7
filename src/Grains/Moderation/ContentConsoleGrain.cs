using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Moderation;

/// <summary>The admin content console's pages, from <see cref="AdminContentReadModel"/>.</summary>
[StatelessWorker]
[Reentrant]
public sealed class ContentConsoleGrain(AdminContentReadModel read) : Grain, IContentConsoleGrain
{
    public Task<ContentConsolePage> ListAsync(ContentConsoleQuery query, PageCursor? after, int limit) =>
        read.PageAsync(query, after, PageLimit.Clamp(limit));
}
