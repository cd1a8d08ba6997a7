namespace SocialFlow.Grains.Infrastructure.Email;

/// <summary>An email to queue in the email outbox (<see cref="Outbox"/>), sent later by <see cref="EmailOutboxDispatcher"/>.</summary>
public sealed record OutboxEmail(string Kind, string Recipient, string Subject, string TextBody);
