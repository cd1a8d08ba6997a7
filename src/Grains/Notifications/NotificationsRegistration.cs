using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Notifications.Delivery;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Notifications;

public static class NotificationsRegistration
{
    /// <summary>Silo side of notifications: the event handlers, stores, the new-content fan-out and the delivery dispatchers.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FcmOptions>().BindConfiguration(FcmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationSettingsStore>();
        services.AddSingleton<INotificationActorFilter, NotificationAudienceReadModel>();
        services.AddSingleton<NewContentFanout>();
        services.AddHostedService<LikeNotificationProjector>();
        services.AddSingleton<IDomainEventHandler, EngagementNotifications>();
        services.AddSingleton<IDomainEventHandler, GraphNotifications>();
        services.AddSingleton<IDomainEventHandler, NewVideoNotifications>();
        services.AddSingleton<IDomainEventHandler, NewPostNotifications>();
        services.AddSingleton<IDomainEventHandler, LiveStartedNotifications>();
        services.AddSingleton<IDomainEventHandler, PaymentNotifications>();
        services.AddHttpClient<FcmClient>();
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<ISmsSender, TwilioSmsSender>();
        services.AddHostedService<PushDispatcher>();
        services.AddHostedService<EmailDigestDispatcher>();
        services.AddHostedService<AppliedEventsPruner>();
        return services;
    }
}
