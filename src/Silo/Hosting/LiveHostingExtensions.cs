using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialFlow.Grains.Live;

namespace SocialFlow.Silo.Hosting;

public static class LiveHostingExtensions
{
    /// <summary>Live streams' store (the grains are found by Orleans).</summary>
    public static IServiceCollection AddSocialFlowLive(this IServiceCollection services)
    {
        services.TryAddSingleton<LiveStreamStore>();
        return services;
    }
}
