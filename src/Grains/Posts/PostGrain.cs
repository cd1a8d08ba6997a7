using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Moderation;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Posts;

/// <summary>
/// One post: the single writer of its row and child rows, loaded on activation. The content grain is told on create
/// (before the insert, so a committed post is always registered; a crash in between leaves only an entry whose id was
/// never handed out), on visibility change and on delete; activation repairs a registration a crash left stale.
/// </summary>
public sealed class PostGrain(PostStore store, IMediaStore media, AccountStandings standings, IContentScreen screen, TimeProvider clock) : Grain, IPostGrain
{
    private PostState _state = new();

    private Guid Id => this.GetPrimaryKey();
    private IContentGrain Content => GrainFactory.Ref<IContentGrain>(Id);

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        _state = await store.LoadAsync(Id) ?? new PostState();
        if (!_state.Exists) return;
        var info = await Content.GetInfoAsync();
        if (_state.Deleted && info is not null) await Content.RemoveAsync();
        else if (_state.Live && info?.Visibility != _state.Audience) await Content.PublishAsync(Info());
    }

    public async Task<PostResult> CreateAsync(Guid authorId, PostDraft draft)
    {
        if (_state.Exists) return new PostResult(PostStatus.AlreadyExists);
        var now = clock.GetUtcNow();
        var screened = await screen.ScreenAsync(draft.Text);
        var moderation = screened.Verdict == ScreenVerdict.Hold
            ? ContentModeration.None.Apply(ContentAction.Hold, ContentModeration.AwaitingReview)
            : ContentModeration.None;
        var candidate = new PostState { Exists = true, AuthorId = authorId, Visibility = draft.Visibility, CreatedAt = now, Moderation = moderation };
        await Content.PublishAsync(Info(candidate));
        var created = await store.InsertAsync(Id, authorId, draft, PostText.Hashtags(draft.Text), PostText.Mentions(draft.Text), now, moderation, screened);
        if (created is null)
        {
            await Content.RemoveAsync();
            return new PostResult(PostStatus.MediaUnavailable);
        }
        _state = created;
        return new PostResult(PostStatus.Ok, _state.ToSnapshot(Id));
    }

    public async Task<PostSnapshot?> GetAsync(Guid? viewerId) => await VisibleAsync(viewerId) ? _state.ToSnapshot(Id) : null;

    public Task<bool> CanViewAsync(Guid? viewerId) => VisibleAsync(viewerId);

    /// <summary>Anonymous viewers and the author cost no call; anyone else one call to the author's graph grain (memory,
    /// except a follower check for an author with very many followers).</summary>
    private async Task<bool> VisibleAsync(Guid? viewerId)
    {
        if (!_state.Live) return false;
        if (viewerId != _state.AuthorId && await standings.SuspendedAsync(_state.AuthorId)) return false;
        if (viewerId is not { } viewer) return _state.Visibility == Visibility.Public && !_state.Moderation.Hidden;
        if (viewer == _state.AuthorId) return true;
        if (_state.Moderation.Hidden || _state.Visibility is not (Visibility.Public or Visibility.Followers)) return false;
        var relation = await GrainFactory.Ref<ISocialGraphGrain>(_state.AuthorId)
            .GetRelationAsync(viewer, withFollow: _state.Visibility == Visibility.Followers);
        return !relation.Blocked && (_state.Visibility == Visibility.Public || relation.Follows);
    }

    public async Task<PostResult> UpdateAsync(Guid callerId, PostPatch patch)
    {
        if (!await VisibleAsync(callerId)) return new PostResult(PostStatus.NotFound);
        if (_state.AuthorId != callerId) return new PostResult(PostStatus.Forbidden);
        var now = clock.GetUtcNow();
        var text = patch.Text;
        var screened = text is null || text == _state.Text ? ScreenResult.Clean : await screen.ScreenAsync(text);
        var held = screened.Verdict == ScreenVerdict.Hold ? _state.Moderation.Apply(ContentAction.Hold, ContentModeration.AwaitingReview) : null;
        if (held == _state.Moderation) held = null;
        var audience = _state.Audience;
        var written = await store.UpdateAsync(Id, text, text is null ? [] : PostText.Hashtags(text), text is null ? [] : PostText.Mentions(text), patch.Visibility, now,
            held, screened.Verdict == ScreenVerdict.Clean ? null : screened);
        if (written is { } w)
        {
            (_state.Text, _state.Hashtags, _state.Mentions, _state.EditedAt) = (text!, w.Tags, w.Mentions, now);
        }
        if (held is not null) _state.Moderation = held;
        if (patch.Visibility is { } visibility) _state.Visibility = visibility;
        if (_state.Audience != audience) await Content.PublishAsync(Info());
        return new PostResult(PostStatus.Ok, _state.ToSnapshot(Id));
    }

    public async Task<PostStatus> DeleteAsync(Guid callerId, bool isModerator)
    {
        if (!_state.Live || !(isModerator || await VisibleAsync(callerId))) return PostStatus.NotFound;
        if (_state.AuthorId != callerId && !isModerator) return PostStatus.Forbidden;
        var keys = await store.DeleteAsync(Id);
        (_state.Deleted, _state.Text, _state.Hashtags, _state.Mentions, _state.Media) = (true, "", [], [], []);
        await Content.RemoveAsync();
        foreach (var key in keys) await media.DeletePrefixAsync(PostImageKeys.InStore(key));
        DeactivateOnIdle();
        return PostStatus.Ok;
    }

    public async Task<ModeratedItem?> ModerateAsync(ContentAction action, AuditActor by, string reason)
    {
        if (!_state.Live) return null;
        var moderation = _state.Moderation.Apply(action, reason);
        if (moderation == _state.Moderation) return await GetModeratedItemAsync();
        var audience = _state.Audience;
        await store.ModerateAsync(Id, moderation, by, action, reason, clock.GetUtcNow());
        _state.Moderation = moderation;
        if (_state.Audience != audience) await Content.PublishAsync(Info());
        return await GetModeratedItemAsync();
    }

    public async Task<ModeratedItem?> GetModeratedItemAsync() => _state.Live
        ? new ModeratedItem(ModerationTargetType.Post, Id, _state.AuthorId, null, _state.Text, null, _state.Moderation.Standing,
            _state.Moderation.Sensitive, (await Content.GetCountsAsync()).Likes, _state.CreatedAt)
        : null;

    private ContentInfo Info(PostState? state = null)
    {
        var s = state ?? _state;
        return new ContentInfo(Id, ContentKind.Post, s.AuthorId, s.Audience, null, s.CreatedAt);
    }
}
