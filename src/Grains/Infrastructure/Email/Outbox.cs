using SocialFlow.Grains.Infrastructure.Postgres;

namespace SocialFlow.Grains.Infrastructure.Email;

public static class Outbox
{
    /// <summary>Queues an email inside the caller's transaction, so it exists exactly when its cause does.</summary>
    public static Task InsertAsync(Tx tx, OutboxEmail email) =>
        tx.ExecuteAsync("INSERT INTO email_outbox (id, kind, recipient, subject, text_body) VALUES ($1, $2, $3, $4, $5)",
            Guid.CreateVersion7(), email.Kind, email.Recipient, email.Subject, email.TextBody);
}
