using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Events;

namespace SocialFlow.Silo.Hosting;

public static class EventsHostingExtensions
{
    /// <summary>
    /// Silo side of domain events: the outbox dispatcher (a silo lifecycle participant), the acknowledgement writer and
    /// the pruner of delivered rows. Only silos publish; an API host in client mode needs no stream provider.
    /// </summary>
    public static IServiceCollection AddSocialFlowEvents(this IServiceCollection services)
    {
        services.AddOptions<EventOptions>().BindConfiguration(EventOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EventAcks>();
        services.AddHostedService(sp => sp.GetRequiredService<EventAcks>());
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<EventDispatcher>());
        services.AddHostedService<DeliveredEventsPruner>();
        return services;
    }
}
