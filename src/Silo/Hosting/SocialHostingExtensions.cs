using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialFlow.Grains.Social;

namespace SocialFlow.Silo.Hosting;

public static class SocialHostingExtensions
{
    /// <summary>The social graph's store (follows, requests, blocks, mutes and their counts).</summary>
    public static IServiceCollection AddSocialFlowSocial(this IServiceCollection services)
    {
        services.TryAddSingleton<GraphStore>();
        services.TryAddSingleton<BlockLists>();
        services.AddHostedService(sp => sp.GetRequiredService<BlockLists>());
        return services;
    }
}
