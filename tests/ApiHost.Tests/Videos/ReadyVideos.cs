using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>Ready videos made through the video grain's own calls, with its events, but no media to transcode.</summary>
public static class ReadyVideos
{
    /// <summary>
    /// A video as a finished live recording leaves it, made ready at once: the recording's transcode job is completed
    /// before the silo's worker (nudged by the same insert) can claim it, find no media and fail the video; the worker's
    /// later failure then changes nothing. Claiming, reading storage and calling the grain take the worker far longer
    /// than this one call, but should it win, another video is tried.
    /// </summary>
    public static Task<Guid> RecordedAsync(this ApiFixture api, Guid owner, NewVideo video, double durationSeconds = 2) =>
        api.Grains.RecordedAsync(owner, video, durationSeconds);

    /// <inheritdoc cref="RecordedAsync(ApiFixture, Guid, NewVideo, double)"/>
    public static Task<Guid> RecordedAsync(this IGrainFactory grains, Guid owner, NewVideo video, double durationSeconds = 2) =>
        grains.RecordedAsync(owner, video, new ProcessedMedia(durationSeconds, 320, 240, [new Rendition("240p", 320, 240, 400)], 1));

    /// <inheritdoc cref="RecordedAsync(ApiFixture, Guid, NewVideo, double)"/>
    public static async Task<Guid> RecordedAsync(this IGrainFactory grains, Guid owner, NewVideo video, ProcessedMedia media)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var id = Guid.CreateVersion7();
            var grain = grains.Ref<IVideoGrain>(id);
            Assert.True(await grain.CreateFromRecordingAsync(owner, video));
            if (await grain.CompleteProcessingAsync(media)) return id;
        }
        throw new InvalidOperationException("the transcode worker failed every attempt's video first");
    }
}
