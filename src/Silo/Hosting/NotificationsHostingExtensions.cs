using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Notifications;
using SocialFlow.Grains.Notifications.Delivery;

namespace SocialFlow.Silo.Hosting;

public static class NotificationsHostingExtensions
{
    /// <summary>Silo side of notifications: the event handlers, stores, the new-content fan-out and the delivery dispatchers.</summary>
    public static IServiceCollection AddSocialFlowNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FcmOptions>().BindConfiguration(FcmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationSettingsStore>();
        services.TryAddSingleton<INotificationActorFilter, PostgresActorFilter>();
        services.AddSingleton<NewContentFanout>();
        services.AddHostedService<LikeNotificationProjector>();
        services.AddSingleton<IDomainEventHandler, EngagementNotifications>();
        services.AddSingleton<IDomainEventHandler, GraphNotifications>();
        services.AddSingleton<IDomainEventHandler, NewVideoNotifications>();
        services.AddSingleton<IDomainEventHandler, NewPostNotifications>();
        services.AddSingleton<IDomainEventHandler, LiveStartedNotifications>();
        services.AddHttpClient<FcmClient>();
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<ISmsSender, TwilioSmsSender>();
        services.AddHostedService<PushDispatcher>();
        services.AddHostedService<EmailDigestDispatcher>();
        services.AddHostedService<AppliedEventsPruner>();
        return services;
    }
}
