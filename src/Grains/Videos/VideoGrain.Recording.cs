using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos;

public sealed partial class VideoGrain
{
    /// <summary>Recordings skip the upload (and its quota: the stream already happened); they go straight to processing.</summary>
    public async Task<bool> CreateFromRecordingAsync(Guid ownerId, NewVideo video)
    {
        if (_state is not null) return _state.OwnerId == ownerId;
        var now = Now;
        var state = new VideoState
        {
            OwnerId = ownerId, Title = video.Title, Description = video.Description, Tags = [.. video.Tags],
            Visibility = video.Visibility, Status = VideoStatus.Processing, SizeBytes = video.SizeBytes, UploadOffset = video.SizeBytes,
            CreatedAt = now, UpdatedAt = now,
        };
        try
        {
            await store.InsertAsync(Id, state, long.MaxValue, Event(EventKinds.Video.Created, state), enqueueJob: true);
        }
        catch
        {
            DeactivateOnIdle(); // the commit may have happened: a retry must read the row, not insert it again
            throw;
        }
        (_state, _version, _progress) = (state, 1, 0);
        await PublishContentAsync();
        transcodeSignal.Nudge();
        return true;
    }
}
