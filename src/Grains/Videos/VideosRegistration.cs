using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure;
using SocialFlow.Grains.Videos.Transcoding;

namespace SocialFlow.Grains.Videos;

public static class VideosRegistration
{
    /// <summary>The video grain's store and options, the transcoding worker (a silo lifecycle participant) and ffmpeg.</summary>
    public static IServiceCollection AddVideos(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VideoOptions>().BindConfiguration(VideoOptions.Section)
            .PostConfigure(o => o.WorkDirectory ??= DataDirectory.Of(configuration, "transcode"))
            .Validate(TryHeights, $"{VideoOptions.Section}:LadderHeights must be a comma-separated list of heights (e.g. 240,360,480,720).")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<VideoStore>();
        services.AddSingleton<TranscodeSignal>();
        services.AddSingleton<TranscodeJobQueue>();
        services.AddSingleton<VideoTranscoder>();
        services.AddSingleton<TranscodeWorker>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TranscodeWorker>());
        return services;
    }

    private static bool TryHeights(VideoOptions o)
    {
        try { return o.Heights().Length > 0; } catch (FormatException) { return false; }
    }
}
