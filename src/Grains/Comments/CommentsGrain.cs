using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Comments;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Comments;

/// <summary>
/// Comments through direct transactional writes (see ICommentsGrain). Visibility is always the item's content grain's
/// answer, so comments on videos and posts follow the same rule. Each comment is itself registered as content
/// (Kind = Comment, ParentId = the item) so that it can be liked and reacted to.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class CommentsGrain(CommentStore store, IContentScreen screen, TimeProvider clock) : Grain, ICommentsGrain
{
    public async Task<CommentResult> AddAsync(CommentDraft draft)
    {
        var item = GrainFactory.Ref<IContentGrain>(draft.ItemId);
        // CanViewAsync also activates the item's grain before the commit, so its counters are read before this comment counts.
        var info = await item.GetInfoAsync();
        if (info is null || info.Kind != draft.ItemKind || !await item.CanViewAsync(draft.AuthorId)) return new CommentResult(CommentStatus.NotFound);

        Guid? parentId = null, inReplyTo = null;
        var depth = 0;
        if (draft.ParentId is { } target)
        {
            var parent = await store.FindAsync(target);
            if (parent is null || parent.ItemId != draft.ItemId || parent.Deleted) return new CommentResult(CommentStatus.InvalidParent);
            // A reply to a comment at the maximum depth joins that comment's parent and remembers whom it answered.
            if (parent.Depth < ICommentsGrain.MaxDepth) (parentId, depth) = (parent.Id, parent.Depth + 1);
            else (parentId, inReplyTo, depth) = (parent.ParentId, parent.Id, parent.Depth);
        }

        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var screened = await screen.ScreenAsync(draft.Text);
        var moderation = screened.Verdict == ScreenVerdict.Hold
            ? ContentModeration.None.Apply(ContentAction.Hold, ContentModeration.AwaitingReview)
            : ContentModeration.None;
        var content = GrainFactory.Ref<IContentGrain>(id);
        // Registered first: a committed comment is always likeable; a crash in between leaves an entry nobody has the id of.
        await content.PublishAsync(new ContentInfo(id, ContentKind.Comment, draft.AuthorId, Audience(moderation), draft.ItemId, now));
        if (!await store.InsertAsync(id, draft, info.OwnerId, parentId, inReplyTo, depth, now, moderation, screened))
        {
            await content.RemoveAsync();
            return new CommentResult(CommentStatus.InvalidParent);
        }
        await item.CommentsChangedAsync();
        return new CommentResult(CommentStatus.Ok, await store.GetAsync(id));
    }

    public async Task<CommentResult> EditAsync(Guid commentId, Guid callerId, string text)
    {
        var row = await store.FindAsync(commentId);
        if (row is null || row.Deleted || !await CanViewItemAsync(row.ItemId, callerId)) return new CommentResult(CommentStatus.NotFound);
        if (row.AuthorId != callerId) return new CommentResult(CommentStatus.Forbidden);
        var screened = text == row.Text ? ScreenResult.Clean : await screen.ScreenAsync(text);
        if (!await store.EditAsync(row, text, clock.GetUtcNow(), screened)) return new CommentResult(CommentStatus.NotFound);
        if (screened.Verdict == ScreenVerdict.Hold && !row.Moderation.Hidden)
        {
            await PublishAudienceAsync(commentId, ContentModeration.None with { Standing = ContentStanding.Held });
            await GrainFactory.Ref<IContentGrain>(row.ItemId).CommentsChangedAsync();
        }
        return new CommentResult(CommentStatus.Ok, await WithLikesAsync(await store.GetAsync(commentId)));
    }

    public async Task<CommentStatus> DeleteAsync(Guid commentId, Guid callerId, bool isModerator)
    {
        var row = await store.FindAsync(commentId);
        if (row is null || row.Deleted) return CommentStatus.NotFound;
        var item = GrainFactory.Ref<IContentGrain>(row.ItemId);
        if (!isModerator && !await item.CanViewAsync(callerId)) return CommentStatus.NotFound;
        if (!isModerator && row.AuthorId != callerId && (await item.GetInfoAsync())?.OwnerId != callerId) return CommentStatus.Forbidden;
        if (!await store.DeleteAsync(commentId)) return CommentStatus.NotFound;
        await item.CommentsChangedAsync();
        await GrainFactory.Ref<IContentGrain>(commentId).RemoveAsync();
        return CommentStatus.Ok;
    }

    public async Task<CommentPage?> ListAsync(Guid itemId, ContentKind itemKind, Guid? viewerId, PageCursor? before, int limit)
    {
        var item = GrainFactory.Ref<IContentGrain>(itemId);
        if ((await item.GetInfoAsync())?.Kind != itemKind || !await item.CanViewAsync(viewerId)) return null;
        return await PageAsync(await store.ListTopAsync(itemId, viewerId, before, limit + 1), limit, viewerId);
    }

    public async Task<CommentPage?> ListRepliesAsync(Guid commentId, Guid? viewerId, PageCursor? after, int limit)
    {
        var row = await store.FindAsync(commentId);
        if (row is null || (row.Moderation.Hidden && row.AuthorId != viewerId) || !await CanViewItemAsync(row.ItemId, viewerId)) return null;
        return await PageAsync(await store.ListRepliesAsync(commentId, viewerId, after, limit + 1), limit, viewerId);
    }

    /// <summary>The comment's content grain decides: its item visible to the viewer, no block with its author, and not held
    /// or removed unless the viewer wrote it.</summary>
    public async Task<CommentView?> GetAsync(Guid commentId, Guid? viewerId)
    {
        if (!await GrainFactory.Ref<IContentGrain>(commentId).CanViewAsync(viewerId)) return null;
        return await store.GetAsync(commentId) is { Deleted: false } comment ? await WithLikesAsync(comment) : null;
    }

    public async Task<ModeratedItem?> ModerateAsync(Guid commentId, ContentAction action, AuditActor by, string reason)
    {
        if (await store.FindAsync(commentId) is not { Deleted: false } row) return null;
        var moderation = row.Moderation.Apply(action, reason);
        if (moderation == row.Moderation) return await ModeratedAsync(row);
        await store.ModerateAsync(row, moderation, by, action, reason);
        if (moderation.Hidden != row.Moderation.Hidden)
        {
            await PublishAudienceAsync(commentId, moderation);
            await GrainFactory.Ref<IContentGrain>(row.ItemId).CommentsChangedAsync();
        }
        return await ModeratedAsync(row with { Moderation = moderation });
    }

    public async Task<ModeratedItem?> GetModeratedItemAsync(Guid commentId) =>
        await store.FindAsync(commentId) is { Deleted: false } row ? await ModeratedAsync(row) : null;

    private async Task<ModeratedItem> ModeratedAsync(CommentRow row) => new(ModerationTargetType.Comment, row.Id, row.AuthorId, null, row.Text,
        null, row.Moderation.Standing, row.Moderation.Sensitive, (await GrainFactory.Ref<IContentGrain>(row.Id).GetCountsAsync()).Likes,
        row.CreatedAt, row.ItemId);

    /// <summary>A comment's own content entry says only whether moderation hides it (its author alone); its item decides the rest.</summary>
    private static Visibility Audience(ContentModeration moderation) => moderation.Hidden ? Visibility.Private : Visibility.Public;

    private async Task PublishAudienceAsync(Guid commentId, ContentModeration moderation)
    {
        var content = GrainFactory.Ref<IContentGrain>(commentId);
        if (await content.GetInfoAsync() is { } info) await content.PublishAsync(info with { Visibility = Audience(moderation) });
    }

    private Task<bool> CanViewItemAsync(Guid itemId, Guid? viewerId) => GrainFactory.Ref<IContentGrain>(itemId).CanViewAsync(viewerId);

    /// <summary>Comments by accounts the viewer blocks or is blocked by are left out (the page may come out shorter).</summary>
    private async Task<CommentPage> PageAsync(List<CommentView> rows, int limit, Guid? viewerId)
    {
        var page = rows.Count > limit ? rows[..limit] : rows;
        var hidden = viewerId is { } v && page.Count > 0
            ? await GrainFactory.Ref<ISocialGraphGrain>(v).GetBlockedEitherWayAsync()
            : [];
        var shown = hidden.Count == 0 ? page : page.Where(c => c.AuthorId is not { } a || !hidden.Contains(a)).ToList();
        var items = await Task.WhenAll(shown.Select(WithLikesAsync));
        return new CommentPage(items!, rows.Count > limit ? PageCursor.AfterId(page[^1].Id) : null);
    }

    private async Task<CommentView?> WithLikesAsync(CommentView? comment)
    {
        if (comment is null || comment.Deleted) return comment;
        var counts = await GrainFactory.Ref<IContentGrain>(comment.Id).GetCountsAsync();
        return comment with { LikeCount = counts.Likes };
    }
}
