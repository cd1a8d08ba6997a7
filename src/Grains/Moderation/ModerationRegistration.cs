using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Moderation;

public static class ModerationRegistration
{
    /// <summary>Moderation: its store, options, the watched-words screen the text-storing domains ask, the targets it acts on through their grains, and its event handlers (flags into the queue, notices of decisions).</summary>
    public static IServiceCollection AddModeration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModerationOptions>().BindConfiguration(ReportingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ModerationStore>();
        services.AddSingleton<WatchedWordsScreen>();
        services.AddSingleton<IContentScreen>(sp => sp.GetRequiredService<WatchedWordsScreen>());
        services.AddSingleton<ModerationTargets>();
        services.AddSingleton<IDomainEventHandler, ModerationFlagHandler>();
        services.AddSingleton<IDomainEventHandler, ModerationNotices>();
        services.AddSingleton<ReadModels.AdminContentReadModel>();
        return services;
    }
}
