using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Grains.Infrastructure.Events;

public static class EventsRegistration
{
    /// <summary>
    /// Silo side of domain events: the outbox dispatcher (a silo lifecycle participant), the acknowledgement writer and
    /// the pruner of delivered rows. Only silos publish; an API host in client mode needs no stream provider.
    /// </summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
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
