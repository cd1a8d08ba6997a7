using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Engagement.GroupCommit;

namespace SocialFlow.Grains.Engagement;

public static class EngagementRegistration
{
    /// <summary>The group-commit writer every content grain of this silo hands its facts to, the content store and the view window's pruner.</summary>
    public static IServiceCollection AddEngagement(this IServiceCollection services, IConfiguration configuration)
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
