using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Live.Chat;
using SocialFlow.Grains.Live.Ingest;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Live;

public static class LiveRegistration
{
    /// <summary>
    /// Live streams' store, this silo's live encoders (a lifecycle participant: they stop with the silo), the ingest's
    /// control, recordings, the chat rooms' store and limits, and their handler of payments' events (paid tips, access rules). The ingest settings are bound by AddMedia: the API
    /// host serves live HLS from their media directory.
    /// </summary>
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<LiveStreamStore>();
        services.AddSingleton<IngestControl>();
        services.AddSingleton<RecordingFiles>();
        services.AddSingleton<LiveEncoder>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LiveEncoder>());
        services.AddOptions<LiveChatOptions>().BindConfiguration(LiveChatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveChatStore>();
        services.AddSingleton<LiveStreamViewReadModel>();
        services.AddSingleton<IDomainEventHandler, LiveChatPaymentsHandler>();
        return services;
    }
}
