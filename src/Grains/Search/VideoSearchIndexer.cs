using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Search;

/// <summary>
/// Keeps videos in the search index: an event that can change what the index holds (ready, updated — which moderation
/// emits too — or deleted) asks the video's grain for the owner's view of it now (an event's actor is always the
/// video's owner) and indexes a ready video — held or removed ones as hidden — or drops it. Other kinds concern videos
/// that are not ready and so not indexed; skipping them spares a grain call and a write per upload step.
/// </summary>
public sealed class VideoSearchIndexer(IGrainFactory grains, SearchSourcesReadModel sources, ISearchIndex index, ILogger<VideoSearchIndexer> logger)
    : IDomainEventHandler
{
    public string Namespace => EventStreams.Videos;

    public Task HandleAsync(DomainEvent evt) => evt.Kind switch
    {
        EventKinds.Video.Ready or EventKinds.Video.Updated => IndexAsync(evt.EntityId, evt.ActorId),
        EventKinds.Video.Deleted => index.DeleteAsync(evt.EntityId),
        _ => Task.CompletedTask,
    };

    /// <summary>Indexes the video as its owner sees it now, or drops it (also what a rebuild does per video).</summary>
    public async Task IndexAsync(Guid videoId, Guid ownerId)
    {
        VideoView? video;
        try
        {
            video = await grains.Ref<IVideoGrain>(videoId).GetAsync(ownerId);
        }
        catch (SerializerException e)
        {
            // A stored state that cannot be read will not read better on a retry, and a handler that keeps failing
            // holds back every other handler of the videos' events (feeds, notifications): leave the video out.
            logger.LogWarning("Video {VideoId} cannot be read ({Error}); it is left out of the search index", videoId, e.Message);
            await index.DeleteAsync(videoId);
            return;
        }
        if (video is not { Status: VideoStatus.Ready } || await sources.UsernameAsync(video.OwnerId) is not { } username)
        {
            await index.DeleteAsync(videoId);
            return;
        }
        await index.UpsertAsync(new SearchDocument(video.Id, "video", video.OwnerId, username, video.Title, video.Description,
            [.. video.Tags.Select(t => t.ToLowerInvariant())], video.Visibility.ToString().ToLowerInvariant(), video.Moderation is not null,
            video.CreatedAt, video.DurationSeconds));
    }
}
