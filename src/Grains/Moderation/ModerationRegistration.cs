using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Grains.Moderation;

public static class ModerationRegistration
{
    /// <summary>Moderation: its store, options and the watched-words screen the text-storing domains ask.</summary>
    public static IServiceCollection AddModeration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModerationOptions>().BindConfiguration(ModerationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ModerationStore>();
        services.AddSingleton<WatchedWordsScreen>();
        services.AddSingleton<IContentScreen>(sp => sp.GetRequiredService<WatchedWordsScreen>());
        services.AddSingleton<ReadModels.AdminContentReadModel>();
        return services;
    }
}
