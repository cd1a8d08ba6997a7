using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Interfaces.Live;

/// <summary>
/// One live stream, keyed by its id: the single writer of its row. Owner-only calls take the caller's id and answer
/// null (the API's 404) for anyone else, so a stream's existence is not revealed by them.
/// </summary>
public interface ILiveStreamGrain : IGrainWithGuidKey
{
    /// <summary>Null when the id is taken.</summary>
    Task<LiveStreamCreated?> CreateAsync(Guid ownerId, LiveStreamDraft draft);

    /// <summary>A new key; the old one stops working at once (a publisher already connected keeps its session).</summary>
    Task<string?> RotateKeyAsync(Guid ownerId);

    /// <summary>Null when it does not exist or the viewer may not see it.</summary>
    Task<LiveStreamView?> GetAsync(Guid? viewerId);

    /// <summary>Ends it (no more publishing, ever); null when not the owner's.</summary>
    Task<LiveStreamView?> EndAsync(Guid ownerId);

    /// <summary>
    /// The ingest asks whether this key may publish now (nginx-rtmp's on_publish); accepted means live.
    /// <paramref name="publisher"/> names the ingest session (nginx's client id), so that only its end ends the stream.
    /// </summary>
    Task<PublishDecision> StartPublishingAsync(string streamKey, string publisher);

    /// <summary>An ingest session ended (on_publish_done): if it is the accepted publisher's, the stream ends.</summary>
    Task PublishingStoppedAsync(string publisher);

    /// <summary>A moderator's action (authorized by the caller), audited in its transaction; Remove also ends a live stream.
    /// Null when there is no such stream. An action that changes nothing returns the item as it is and writes nothing.</summary>
    Task<ModeratedItem?> ModerateAsync(ContentAction action, AuditActor by, string reason);

    /// <summary>The stream as moderation sees it (reach: its peak viewers), whoever may see it; null when it does not exist.</summary>
    [Orleans.Concurrency.ReadOnly] Task<ModeratedItem?> GetModeratedItemAsync();
}

/// <summary>Lists of streams. Stateless: any silo answers, locally.</summary>
public interface ILiveDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Public streams live now, newest start first; streams whose owner and the viewer block each other are left out.</summary>
    Task<LiveStreamPage> LiveNowAsync(Guid? viewerId, PageCursor? after, int limit);

    /// <summary>The stream a chat message was sent in (reports name the message alone); null when there is no such message.</summary>
    Task<Guid?> StreamOfChatMessageAsync(Guid messageId);
}
