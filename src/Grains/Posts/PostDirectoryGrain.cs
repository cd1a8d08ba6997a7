using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.Grains.Posts;

/// <summary>Keyset pages of post ids (UUIDv7, so id order is time order). The post grains render them.</summary>
[StatelessWorker]
[Reentrant]
public sealed class PostDirectoryGrain(PostStore store) : Grain, IPostDirectoryGrain
{
    /// <summary>Others see public posts, and followers also followers-only ones; nothing between a blocked pair.
    /// The post grains check each post again when rendering.</summary>
    public async Task<PostIdPage> ListByAuthorAsync(Guid authorId, Guid? viewerId, PageCursor? before, int limit)
    {
        var relation = viewerId is { } v && v != authorId
            ? await GrainFactory.Ref<ISocialGraphGrain>(authorId).GetRelationAsync(v, withFollow: true)
            : ViewerRelation.None;
        if (relation.Blocked) return new PostIdPage([], null);
        return await store.AuthorPageAsync(authorId, viewerId == authorId, relation.Follows, before, PageLimit.Clamp(limit));
    }

    public Task<PostIdPage> ListByHashtagAsync(string tag, PageCursor? before, int limit) =>
        store.HashtagPageAsync(tag, before, PageLimit.Clamp(limit));
}
