using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Content.Engagement;

namespace SocialFlow.Grains.Content;

public static class ContentRegistration
{
    /// <summary>The group-commit writer every content grain of this silo hands its facts to, the content store and the view window's pruner.</summary>
    public static IServiceCollection AddContent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngagementOptions>().BindConfiguration(EngagementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEngagementFaults, NoEngagementFaults>();
        services.AddSingleton<ContentStore>();
        services.AddSingleton<EngagementWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<EngagementWriter>());
        services.AddHostedService<ViewDedupPruner>();
        return services;
    }
}
