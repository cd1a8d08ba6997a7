using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Grains.Ads;

public static class AdsRegistration
{
    /// <summary>Ads: its options, its store, each silo's catalog of serving campaigns and its group commit of served ads.</summary>
    public static IServiceCollection AddAds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdsOptions>().BindConfiguration(AdsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AdStore>();
        services.AddSingleton<AdCatalog>();
        services.AddSingleton<AdServeWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AdServeWriter>());
        return services;
    }
}
