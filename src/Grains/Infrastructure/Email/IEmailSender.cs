namespace SocialFlow.Grains.Infrastructure.Email;

public sealed record PendingEmail(Guid Id, string Kind, string Recipient, string Subject, string TextBody);

/// <summary>Delivers one email or throws. Two implementations: SendGrid, and .eml files for a machine without it.</summary>
public interface IEmailSender
{
    Task SendAsync(PendingEmail email, CancellationToken ct);
}
