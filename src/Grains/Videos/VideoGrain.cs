using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Moderation;
using SocialFlow.Grains.Social;
using SocialFlow.Grains.Users;

namespace SocialFlow.Grains.Videos;

/// <summary>
/// One video. Every change is made on a copy of the state, written (row, job, event) in one transaction, and only
/// then becomes the grain's state: an acknowledged change is durable, a failed one leaves memory as the database is.
/// </summary>
public sealed partial class VideoGrain(
    VideoStore store, IMediaStore media, IOptions<VideoOptions> options, TimeProvider clock,
    TranscodeSignal transcodeSignal, BlockLists blockLists, AccountStandings standings, IContentScreen screen, ILogger<VideoGrain> logger) : Grain, IVideoGrain
{
    private VideoState? _state;
    private long _version;
    private int _progress;
    private (VideoState State, int Progress, VideoView View)? _view;

    private Guid Id => this.GetPrimaryKey();
    private VideoOptions Options => options.Value;
    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        if (await store.LoadAsync(Id) is { } loaded) (_state, _version) = loaded;
        // Repairs an audience a failure after a commit left stale (see SaveAsync).
        if (_state is { Deleted: false } s && (await GrainFactory.Ref<IContentGrain>(Id).GetInfoAsync())?.Visibility != Audience(s))
        {
            await PublishContentAsync();
        }
    }

    public async Task<CreateVideoResult> CreateAsync(Guid ownerId, NewVideo video)
    {
        if (_state is not null) return new CreateVideoResult(CreateVideoStatus.AlreadyExists, null, 0);
        if (video.SizeBytes > Options.MaxUploadBytes) return new CreateVideoResult(CreateVideoStatus.TooLarge, null, Options.MaxUploadBytes);
        var screened = await screen.ScreenAsync(video.Title, video.Description);
        var now = Now;
        var state = new VideoState
        {
            OwnerId = ownerId, Title = video.Title, Description = video.Description, Tags = [.. video.Tags],
            Visibility = video.Visibility, Status = VideoStatus.Uploading, SizeBytes = video.SizeBytes,
            UploadExpiresAt = now + Options.UploadLifetime, CreatedAt = now, UpdatedAt = now,
        };
        if (screened.Verdict == ScreenVerdict.Hold) state.Moderation = state.Moderation.Apply(ContentAction.Hold, ContentModeration.AwaitingReview);
        var quota = await QuotaAsync(ownerId);
        if (!await store.InsertAsync(Id, state, quota, Event(EventKinds.Video.Created, state),
                also: tx => ModerationFlags.AppendAsync(tx, ModerationTargetType.Video, Id, ownerId, screened, now)))
        {
            return new CreateVideoResult(CreateVideoStatus.QuotaExceeded, null, quota);
        }
        (_state, _version) = (state, 1);
        await PublishContentAsync();
        return new CreateVideoResult(CreateVideoStatus.Created, Session(), 0);
    }

    public async Task<VideoView?> GetAsync(Guid? viewerId) => CanView(viewerId) && await NotBlockedAsync(viewerId) ? View() : null;

    /// <summary>Neither the owner nor the viewer blocks the other: from this silo's copy of the owner's blocks (see
    /// <see cref="BlockLists"/>), nothing for anonymous viewers and the owner.</summary>
    private async ValueTask<bool> NotBlockedAsync(Guid? viewerId)
    {
        var owner = _state!.OwnerId;
        if (viewerId == owner) return true;
        if (await standings.SuspendedAsync(owner)) return false; // hidden from everyone else while suspended
        return viewerId is not { } viewer || !await blockLists.BlockedAsync(owner, viewer);
    }

    /// <summary>The view of the current state, built once: the state object is replaced on every change, never edited.</summary>
    private VideoView View()
    {
        if (_view is { } v && ReferenceEquals(v.State, _state) && v.Progress == _progress) return v.View;
        var view = _state!.ToView(Id, _progress);
        _view = (_state, _progress, view);
        return view;
    }

    public async Task<OwnerActionResult> UpdateAsync(Guid callerId, VideoChanges changes)
    {
        if (OwnerCheck(callerId) is { } refused) return refused;
        var next = _state!.Clone();
        next.Title = changes.Title ?? next.Title;
        next.Description = changes.Description ?? next.Description;
        next.Tags = changes.Tags?.ToList() ?? next.Tags;
        next.Visibility = changes.Visibility ?? next.Visibility;
        next.UpdatedAt = Now;
        // Only new text is screened: an unchanged title was screened when it was written.
        var screened = await screen.ScreenAsync(next.Title == _state.Title ? null : next.Title, next.Description == _state.Description ? null : next.Description);
        if (screened.Verdict == ScreenVerdict.Hold) next.Moderation = next.Moderation.Apply(ContentAction.Hold, ContentModeration.AwaitingReview);
        await SaveAsync(next, evt: Event(EventKinds.Video.Updated, next),
            also: tx => ModerationFlags.AppendAsync(tx, ModerationTargetType.Video, Id, next.OwnerId, screened, next.UpdatedAt));
        return Done();
    }

    public async Task<OwnerActionResult> DeleteAsync(Guid callerId, bool asModerator)
    {
        if (_state is null || _state.Deleted) return new OwnerActionResult(OwnerAction.NotFound, null);
        if (!asModerator && OwnerCheck(callerId) is { } refused) return refused;
        var next = _state.Clone();
        (next.Deleted, next.UpdatedAt) = (true, Now);
        await SaveAsync(next, JobChange.Remove, Event(EventKinds.Video.Deleted, next));
        await GrainFactory.Ref<IContentGrain>(Id).RemoveAsync();
        try
        {
            await media.DeletePrefixAsync(MediaKeys.Prefix(Id));
        }
        catch (Exception e)
        {
            // The video is gone for everyone; leftover files are unreachable and only cost space.
            logger.LogWarning(e, "Could not remove the media of deleted video {VideoId}", Id);
        }
        DeactivateOnIdle();
        return new OwnerActionResult(OwnerAction.Done, null);
    }

    public async Task<OwnerActionResult> SetChaptersAsync(Guid callerId, IReadOnlyList<Chapter> chapters)
    {
        if (OwnerCheck(callerId) is { } refused) return refused;
        if (_state!.DurationSeconds is { } duration && chapters.Any(c => c.StartSeconds >= duration))
        {
            return new OwnerActionResult(OwnerAction.Invalid, null, $"Every chapter must start before the end of the video ({duration:0.###} s).");
        }
        var next = _state.Clone();
        (next.Chapters, next.UpdatedAt) = ([.. chapters], Now);
        await SaveAsync(next);
        return Done();
    }

    public async Task<PlaybackInfo?> GetPlaybackAsync(Guid? viewerId) =>
        CanView(viewerId) && _state!.Status == VideoStatus.Ready && await NotBlockedAsync(viewerId)
            ? new PlaybackInfo(_state.Visibility == VideoVisibility.Private, _state.Renditions.Select(r => r.Name).ToList(), _state.ThumbnailCount,
                Options.HdFromHeight == 0 ? [] : _state.Renditions.Where(r => r.Height >= Options.HdFromHeight).Select(r => r.Name).ToList(),
                viewerId == _state.OwnerId)
            : null;

    /// <summary>The owner sees their video in any status and standing; others only a ready public or unlisted one that
    /// moderation has not held or removed.</summary>
    private bool CanView(Guid? viewerId) => _state is { Deleted: false } s &&
        (s.OwnerId == viewerId || (s.Status == VideoStatus.Ready && s.Visibility != VideoVisibility.Private && s.Standing == ContentStanding.Visible));

    private OwnerActionResult? OwnerCheck(Guid callerId)
    {
        if (_state is not { Deleted: false } s) return new OwnerActionResult(OwnerAction.NotFound, null);
        if (s.OwnerId == callerId) return null;
        // Someone who may see the video learns only that it is not theirs; anyone else that it does not exist.
        return new OwnerActionResult(CanView(callerId) ? OwnerAction.Forbidden : OwnerAction.NotFound, null);
    }

    private OwnerActionResult Done() => new(OwnerAction.Done, View());

    /// <summary>Saves the change, then tells the content grain when it changed who may see the video.</summary>
    private async Task SaveAsync(VideoState next, JobChange job = JobChange.None, VideoEvent? evt = null, string? jobError = null,
        Func<Infrastructure.Postgres.Tx, Task>? also = null)
    {
        var audience = Audience(_state!);
        try
        {
            _version = await store.SaveAsync(Id, next, _version, job, evt, jobError, also);
            _state = next;
        }
        catch
        {
            // The outcome is unknown (the commit may have happened): the next activation reads what is true.
            DeactivateOnIdle();
            throw;
        }
        if (next.Deleted || Audience(next) == audience) return;
        try
        {
            await PublishContentAsync();
        }
        catch (Exception e)
        {
            // The change is committed; the content grain still has the old audience until the next activation repairs it.
            logger.LogWarning(e, "Could not publish the new audience of video {VideoId}", Id);
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Who may see the video, as the engagement layer (likes, comments, counts, views, bookmarks) enforces it: its
    /// visibility once ready; until then (uploading, processing, failed), and while held or removed, its owner alone, as
    /// <see cref="CanView"/> says.
    /// </summary>
    private static Visibility Audience(VideoState s) => s.Status != VideoStatus.Ready || s.Standing != ContentStanding.Visible ? Visibility.Private : s.Visibility switch
    {
        VideoVisibility.Public => Visibility.Public,
        VideoVisibility.Unlisted => Visibility.Unlisted,
        _ => Visibility.Private,
    };

    private Task PublishContentAsync() => GrainFactory.Ref<IContentGrain>(Id).PublishAsync(
        new ContentInfo(Id, ContentKind.Video, _state!.OwnerId, Audience(_state), null, _state.CreatedAt));

    private VideoEvent Event(string kind, VideoState s) => new(kind, new
    {
        VideoId = Id, s.OwnerId, Status = VideoStore.Lower(s.Status), Visibility = VideoStore.Lower(s.Visibility),
        s.Title, s.FailureReason, Moderation = ContentModerationNames.Column(s.Standing), At = Now,
    });
}
