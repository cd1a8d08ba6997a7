using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Users;

public static class UsersRegistration
{
    /// <summary>Accounts: their store and options (sessions, tokens, emails). The account directory grains need nothing more.</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AccountStandings>();
        services.AddHostedService(sp => sp.GetRequiredService<AccountStandings>());
        services.AddSingleton<ProfileCountsReadModel>();
        services.AddSingleton<AdminUsersReadModel>();
        return services;
    }
}
