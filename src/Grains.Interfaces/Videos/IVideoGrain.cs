using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Videos;

/// <summary>
/// One video, keyed by its id: the single writer of its row in <c>videos</c>, its transcoding job and its events.
/// Callers pass the user id from the access token; the grain checks it against the owner it stores.
/// </summary>
public interface IVideoGrain : IGrainWithGuidKey
{
    /// <summary>Creates the video in status uploading with an open upload session, within the size and quota limits.</summary>
    Task<CreateVideoResult> CreateAsync(Guid ownerId, NewVideo video);

    /// <summary>The video as the viewer may see it; null when it does not exist or is not visible to them.</summary>
    [Orleans.Concurrency.ReadOnly] Task<VideoView?> GetAsync(Guid? viewerId);

    Task<OwnerActionResult> UpdateAsync(Guid callerId, VideoChanges changes);

    /// <summary>Owner, or a moderator when <paramref name="asModerator"/>; removes the media from the store.</summary>
    Task<OwnerActionResult> DeleteAsync(Guid callerId, bool asModerator);

    Task<OwnerActionResult> SetChaptersAsync(Guid callerId, IReadOnlyList<Chapter> chapters);

    /// <summary>Null unless the video is ready and visible to the viewer.</summary>
    [Orleans.Concurrency.ReadOnly] Task<PlaybackInfo?> GetPlaybackAsync(Guid? viewerId);

    /// <summary>
    /// A live stream's recording, already put in the media store as this video's source: the video is created in
    /// processing with its transcoding job queued. True also when it already exists for this owner (a retried handoff).
    /// </summary>
    Task<bool> CreateFromRecordingAsync(Guid ownerId, NewVideo video);

    /// <summary>The upload session for its owner; null for anyone else or an unknown video.</summary>
    Task<UploadSession?> GetUploadAsync(Guid callerId);

    /// <summary>tus creation: (re)declares the upload length while no byte has been received.</summary>
    Task<SetLengthResult> SetUploadLengthAsync(Guid callerId, long length);

    /// <summary>
    /// Records that bytes [from, to) are durable in staging. When <paramref name="to"/> reaches the length the caller
    /// has already put the whole file in the media store: the video moves to processing and a transcoding job is queued.
    /// </summary>
    Task<UploadCommit> CommitUploadAsync(Guid callerId, long from, long to);

    /// <summary>The upload's first bytes are not media: the video fails with the reason.</summary>
    Task RefuseUploadAsync(Guid callerId, string reason);

    /// <summary>tus termination by the owner; false when there is no active upload of theirs.</summary>
    Task<bool> TerminateUploadAsync(Guid callerId);

    /// <summary>Fails the video if its upload session has expired; true when it did (or had).</summary>
    Task<bool> ExpireUploadAsync();

    /// <summary>Transcoder: the owner id if the video still waits for processing, else null (deleted or done).</summary>
    Task<Guid?> BeginProcessingAsync();

    Task ReportProgressAsync(int percent);

    /// <summary>Transcoder: false when the video was deleted meanwhile (the caller then removes what it stored).</summary>
    Task<bool> CompleteProcessingAsync(ProcessedMedia media);

    Task FailProcessingAsync(string reason);

    /// <summary>A moderator's action (authorized by the caller), audited in its transaction; null when there is no such video.
    /// An action that changes nothing returns the item as it is and writes nothing.</summary>
    Task<ModeratedItem?> ModerateAsync(ContentAction action, AuditActor by, string reason);

    /// <summary>The video as moderation sees it, whoever may see it; null when it does not exist.</summary>
    [Orleans.Concurrency.ReadOnly] Task<ModeratedItem?> GetModeratedItemAsync();
}

/// <summary>Paged reads over the <c>videos</c> table: the public feed and a user's videos.</summary>
public interface IVideoDirectoryGrain : IGrainWithIntegerKey
{
    Task<VideoPage> FeedAsync(PageCursor? after, int limit);

    /// <summary>Public ready videos of the owner, or all of them (any status and visibility) when <paramref name="includeAll"/>.</summary>
    Task<VideoPage> ByOwnerAsync(Guid ownerId, bool includeAll, PageCursor? after, int limit);
}
