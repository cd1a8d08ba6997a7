using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos;

/// <summary>Upload sessions for the upload sweeper, read from the videos table. Stateless: any silo answers, locally.</summary>
[StatelessWorker]
[Reentrant]
public sealed class UploadSessionsGrain(VideoStore videos) : Grain, IUploadSessionsGrain
{
    public Task<IReadOnlyList<Guid>> ExpiredAsync(int limit) => videos.ExpiredUploadsAsync(limit);

    public Task<IReadOnlyList<Guid>> StillUploadingAsync(IReadOnlyList<Guid> videoIds) => videos.StillUploadingAsync(videoIds);
}
