using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialFlow.Grains.Live.Chat;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Silo.Hosting;

public static class LiveChatHostingExtensions
{
    /// <summary>Live chat rooms' store and limits (the grains are found by Orleans).</summary>
    public static IServiceCollection AddSocialFlowLiveChat(this IServiceCollection services, IConfiguration configuration)
    {
        RequiredOptions.Bind<LiveChatOptions>(services, configuration, LiveChatOptions.Section);
        services.TryAddSingleton<LiveChatStore>();
        services.TryAddSingleton<LiveStreamViewReadModel>();
        return services;
    }
}
