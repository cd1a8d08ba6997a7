using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Scheduling;
using SocialFlow.Grains.Infrastructure.Stripe;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

public static class PaymentsRegistration
{
    /// <summary>Payments: its options (fee, tax table, limits, plans), the Stripe client's options and adapter, its stores,
    /// and the content gate (<see cref="AddContentGate"/>).</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddContentGate();
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(nameof(StripeGateway));
        services.AddSingleton<StripeGateway>();
        services.AddSingleton<LedgerWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerWriter>());
        services.AddSingleton<PaymentStore>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<PayoutStore>();
        // Not while payments are off (no Stripe key).
        services.AddReminderSchedule<IPaymentReconcilerGrain>(sp => sp.GetRequiredService<IOptions<StripeOptions>>().Value.Enabled);
        services.AddReminderSchedule<IPayoutSchedulerGrain>(sp => sp.GetRequiredService<IOptions<StripeOptions>>().Value.Enabled);
        return services;
    }

    /// <summary>What an API host needs of payments, also in client mode: the gate that says who may see members-only and
    /// paid content (with its copies of content rules, kept by announcements on Redis).</summary>
    public static IServiceCollection AddContentGate(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ContentGate))) return services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ContentGate>();
        services.AddSingleton<IContentGate>(sp => sp.GetRequiredService<ContentGate>());
        services.AddHostedService(sp => sp.GetRequiredService<ContentGate>());
        return services;
    }
}
