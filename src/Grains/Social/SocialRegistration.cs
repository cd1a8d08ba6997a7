using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Grains.Social;

public static class SocialRegistration
{
    /// <summary>The social graph's store (follows, requests, blocks, mutes and their counts) and the silo's block lists.</summary>
    public static IServiceCollection AddSocial(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<GraphStore>();
        services.AddSingleton<BlockLists>();
        services.AddHostedService(sp => sp.GetRequiredService<BlockLists>());
        return services;
    }
}
