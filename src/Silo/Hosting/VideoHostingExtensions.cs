using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Videos;
using SocialFlow.Grains.Videos.Transcoding;

namespace SocialFlow.Silo.Hosting;

public static class VideoHostingExtensions
{
    /// <summary>The media store and video options, which both the silo and the API host use. Safe to call twice.</summary>
    public static IServiceCollection AddSocialFlowMedia(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(s => s.ServiceType == typeof(IMediaStore))) return services;
        var dataDirectory = DataDirectory(configuration);
        var media = RequiredOptions.Bind<MediaOptions>(services, configuration, MediaOptions.Section);
        services.AddOptions<VideoOptions>().BindConfiguration(VideoOptions.Section)
            .PostConfigure(o =>
            {
                o.UploadDirectory ??= Path.Combine(dataDirectory, "uploads");
                o.WorkDirectory ??= Path.Combine(dataDirectory, "transcode");
            })
            .Validate(o => TryHeights(o), $"{VideoOptions.Section}:LadderHeights must be a comma-separated list of heights (e.g. 240,360,480,720).")
            .ValidateDataAnnotations().ValidateOnStart();
        if (media.Provider == MediaProvider.S3)
        {
            services.AddSingleton<IMediaStore>(_ => new S3MediaStore(S3MediaStore.CreateClient(media.S3), media.S3.Bucket));
        }
        else
        {
            var root = media.LocalDirectory ?? Path.Combine(dataDirectory, "media");
            services.AddSingleton<IMediaStore>(_ => new LocalMediaStore(root));
        }
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Silo side: the video grain's store, the transcoding worker (a silo lifecycle participant) and ffmpeg.</summary>
    public static IServiceCollection AddSocialFlowVideos(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSocialFlowMedia(configuration);
        services.AddSingleton<VideoStore>();
        services.AddSingleton<TranscodeSignal>();
        services.AddSingleton<TranscodeJobQueue>();
        services.AddSingleton<VideoTranscoder>();
        services.AddSingleton<TranscodeWorker>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TranscodeWorker>());
        return services;
    }

    public static string DataDirectory(IConfiguration configuration) =>
        configuration["SocialFlow:DataDirectory"] ?? Path.Combine(AppContext.BaseDirectory, ".data");

    private static bool TryHeights(VideoOptions o)
    {
        try { return o.Heights().Length > 0; } catch (FormatException) { return false; }
    }
}
