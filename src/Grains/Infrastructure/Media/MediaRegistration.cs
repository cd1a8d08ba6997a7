using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Videos;
using SocialFlow.Grains.Live.Ingest;

namespace SocialFlow.Grains.Infrastructure.Media;

public static class MediaRegistration
{
    /// <summary>
    /// Where media files are and how they are reached: the media store (local or S3) that holds every kind, the
    /// directories of staged uploads and of live HLS, and <see cref="IMediaFiles"/>, through which the API host serves
    /// them. Everything of media an API host needs, also in client mode.
    /// </summary>
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IMediaStore>(sp =>
        {
            var media = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
            return media.Provider == MediaProvider.S3
                ? new S3MediaStore(S3MediaStore.CreateClient(media.S3), media.S3.Bucket)
                : new LocalMediaStore(media.LocalDirectory ?? DataDirectory.Of(configuration, "media"));
        });
        services.AddOptions<VideoUploadOptions>().BindConfiguration(VideoUploadOptions.Section)
            .PostConfigure(o => o.UploadDirectory ??= DataDirectory.Of(configuration, "uploads"))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PostImageOptions>().BindConfiguration(PostImageOptions.Section)
            .PostConfigure(o => o.ScratchDirectory ??= DataDirectory.Of(configuration, "scratch", "post-images"))
            // Post images moved into the media store: a directory of their own set here would hide them, so refuse it.
            .Validate(_ => configuration[$"{PostImageOptions.Section}:Directory"] is null,
                $"{PostImageOptions.Section}:Directory is gone: post images are in the media store under post-images/ (move them to {{LocalDirectory}}/post-images).")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IOptions<PostImageUploadOptions>>(sp => sp.GetRequiredService<IOptions<PostImageOptions>>());
        // The live ingest settings are bound here, not by the live domain, because the API host serves live HLS from
        // their media directory (and so validates them too, as it always has).
        services.AddOptions<LiveIngestOptions>().BindConfiguration(LiveIngestOptions.Section)
            .PostConfigure(o => o.MediaDirectory ??= DataDirectory.Of(configuration, "live"))
            .Validate(o => Uri.TryCreate(o.RtmpUrl, UriKind.Absolute, out var u) && u.Scheme == "rtmp", $"{LiveIngestOptions.Section}:RtmpUrl must be an rtmp:// URL.")
            .Validate(o => o.ControlUrl is null or "" || Uri.TryCreate(o.ControlUrl, UriKind.Absolute, out _), $"{LiveIngestOptions.Section}:ControlUrl must be an absolute URL.")
            .Validate(TryHeights, $"{LiveIngestOptions.Section}:LadderHeights must be a comma-separated list of heights (e.g. 360,720).")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IMediaFiles, MediaFiles>();
        services.AddSingleton<IStagedUploads, StagedUploads>();
        return services;
    }

    private static bool TryHeights(LiveIngestOptions o)
    {
        try { return o.Heights().Length > 0; } catch (FormatException) { return false; }
    }
}
