namespace SocialFlow.Grains.Notifications.Delivery;

/// <summary>
/// The seam for an SMS provider. None is wired: accounts hold no phone numbers yet and no provider can be reached
/// from here, so the "sms" channel is refused by the preferences API until an implementation is registered.
/// </summary>
public interface ISmsSender
{
    Task SendAsync(string phoneNumber, string text, CancellationToken ct);
}
