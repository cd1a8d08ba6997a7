using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Grains.Ads;

public static class AdsRegistration
{
    /// <summary>Ads: its options, its store and each silo's catalog of serving campaigns.</summary>
    public static IServiceCollection AddAds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdsOptions>().BindConfiguration(AdsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AdStore>();
        services.AddSingleton<AdCatalog>();
        return services;
    }
}
