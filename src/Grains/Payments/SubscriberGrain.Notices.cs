using System.Globalization;
using SocialFlow.Grains.Interfaces.Notifications;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>
/// The subscriber hears of each step (a System notification: in-app, and email by default): subscribed, a renewal
/// refused (with the end of the grace period), paid again, set to end, ended. Each notice's event id is named by the
/// subscription and the step's moment, so a webhook applied twice notifies once; it is also the notice's subject, so
/// that steps are not grouped into one notification (the subscription is its item).
/// </summary>
public sealed partial class SubscriberGrain
{
    private async Task NoticeAsync(SubscriptionRow before, SubscriptionRow after)
    {
        var plan = _plans[after.PlanId].Name;
        var (step, text) = (before.Status, after.Status) switch
        {
            (not SubscriptionStatus.Active, SubscriptionStatus.Active) when before.Status == SubscriptionStatus.PastDue =>
                ($"recovered:{after.PeriodEnd:O}", $"Your payment for {plan} went through: your subscription goes on."),
            (not SubscriptionStatus.Active, SubscriptionStatus.Active) => ("active", $"You are subscribed to {plan}."),
            (not SubscriptionStatus.PastDue, SubscriptionStatus.PastDue) =>
                ($"past_due:{after.PastDueSince:O}", $"We could not renew {plan}. Its perks stay until {Day(after.GraceUntil(Grace))} while we try again: check your payment method."),
            (SubscriptionStatus.Active or SubscriptionStatus.PastDue, SubscriptionStatus.Canceled) => ("ended", $"Your subscription to {plan} has ended."),
            (SubscriptionStatus.Active, SubscriptionStatus.Active) when after.CancelAtPeriodEnd && !before.CancelAtPeriodEnd =>
                ($"ending:{after.PeriodEnd:O}", $"Your subscription to {plan} will end on {Day(after.PeriodEnd)}."),
            _ => (null, null),
        };
        if (step is null) return;
        var eventId = PaymentIds.Named($"subscription-notice:{after.Id}:{step}");
        await GrainFactory.GetGrain<INotificationGrain>(SubscriberId)
            .ApplyAsync(new NotificationInput(eventId, NotificationType.System, SubscriberId, eventId, "subscription", after.Id, Text: text));
    }

    private static string Day(DateTimeOffset? at) => at?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? "the end of the period";
}
