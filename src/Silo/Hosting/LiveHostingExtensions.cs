using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialFlow.Grains.Live;
using SocialFlow.Grains.Live.Ingest;

namespace SocialFlow.Silo.Hosting;

public static class LiveHostingExtensions
{
    /// <summary>Live streams' store, this silo's live encoders (a lifecycle participant: they stop with the silo), the ingest's control, recordings.</summary>
    public static IServiceCollection AddSocialFlowLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSocialFlowLiveMedia(configuration);
        services.TryAddSingleton<LiveStreamStore>();
        services.TryAddSingleton<IngestControl>();
        services.TryAddSingleton<RecordingFiles>();
        services.TryAddSingleton<LiveEncoder>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LiveEncoder>());
        return services;
    }

    /// <summary>The live ingest options, whose media directory the API host serves live HLS from. Safe to call twice.</summary>
    public static IServiceCollection AddSocialFlowLiveMedia(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(s => s.ServiceType == typeof(LiveMediaMarker))) return services;
        services.AddSingleton<LiveMediaMarker>();
        var dataDirectory = VideoHostingExtensions.DataDirectory(configuration);
        services.AddOptions<LiveIngestOptions>().BindConfiguration(LiveIngestOptions.Section)
            .PostConfigure(o => o.MediaDirectory ??= Path.Combine(dataDirectory, "live"))
            .Validate(o => Uri.TryCreate(o.RtmpUrl, UriKind.Absolute, out var u) && u.Scheme == "rtmp", $"{LiveIngestOptions.Section}:RtmpUrl must be an rtmp:// URL.")
            .Validate(o => o.ControlUrl is null or "" || Uri.TryCreate(o.ControlUrl, UriKind.Absolute, out _), $"{LiveIngestOptions.Section}:ControlUrl must be an absolute URL.")
            .Validate(TryHeights, $"{LiveIngestOptions.Section}:LadderHeights must be a comma-separated list of heights (e.g. 360,720).")
            .ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    private static bool TryHeights(LiveIngestOptions o)
    {
        try { return o.Heights().Length > 0; } catch (FormatException) { return false; }
    }

    private sealed class LiveMediaMarker;
}
