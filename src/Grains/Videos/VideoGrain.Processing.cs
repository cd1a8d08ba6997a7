using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos;

public sealed partial class VideoGrain
{
    public Task<Guid?> BeginProcessingAsync() =>
        Task.FromResult(_state is { Deleted: false, Status: VideoStatus.Processing } s ? s.OwnerId : (Guid?)null);

    /// <summary>Progress is transient: kept in memory only, it restarts at 0 if the grain or the job moves.</summary>
    public Task ReportProgressAsync(int percent)
    {
        if (_state is { Status: VideoStatus.Processing }) _progress = Math.Clamp(percent, 0, 99);
        return Task.CompletedTask;
    }

    public async Task<bool> CompleteProcessingAsync(ProcessedMedia processed)
    {
        if (_state is not { Deleted: false, Status: VideoStatus.Processing } s) return false;
        var next = s.Clone();
        next.Status = VideoStatus.Ready;
        (next.DurationSeconds, next.Width, next.Height) = (processed.DurationSeconds, processed.Width, processed.Height);
        (next.Renditions, next.ThumbnailCount) = ([.. processed.Renditions], processed.ThumbnailCount);
        (next.ReadyAt, next.UpdatedAt, next.FailureReason) = (Now, Now, null);
        await SaveAsync(next, JobChange.Complete, Event(EventKinds.Video.Ready, next));
        return true;
    }

    public async Task FailProcessingAsync(string reason)
    {
        if (_state is not { Deleted: false, Status: VideoStatus.Processing }) return;
        await FailAsync(reason, JobChange.Complete);
    }
}
