using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Grains.Interests;

public static class InterestsRegistration
{
    /// <summary>Interests: the store of user_interests.</summary>
    public static IServiceCollection AddInterests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<InterestStore>();
        return services;
    }
}
