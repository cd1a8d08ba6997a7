using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Stripe;

namespace SocialFlow.Grains.Payments;

public static class PaymentsRegistration
{
    /// <summary>Payments: its options (fee, tax table, limits), the Stripe client's options and adapter, and its store.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(nameof(StripeGateway));
        services.AddSingleton<StripeGateway>();
        services.AddSingleton<PaymentStore>();
        return services;
    }
}
