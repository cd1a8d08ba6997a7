namespace SocialFlow.Grains.Notifications.Delivery;

public enum SmsOutcome { Sent, Rejected, Retry, Disabled }

/// <summary>
/// What became of one text: <see cref="SmsOutcome.Rejected"/> will never be accepted as it is (a number that is not
/// valid or has opted out); <see cref="SmsOutcome.Retry"/> may succeed later, not before <paramref name="RetryAfter"/>
/// when the provider said so. <paramref name="Error"/> never carries a secret or the phone number.
/// </summary>
public sealed record SmsResult(SmsOutcome Outcome, string? MessageId = null, string? Error = null, TimeSpan? RetryAfter = null);

/// <summary>
/// Sends one text message. Failures are outcomes, never exceptions (other than cancellation), so a caller that loops
/// over a backlog cannot be stopped by a provider's answer or an unreachable network.
/// </summary>
public interface ISmsSender
{
    Task<SmsResult> SendAsync(string phoneNumber, string text, CancellationToken ct);
}
