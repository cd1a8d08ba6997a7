using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SocialFlow.Grains.Infrastructure.Email;

/// <summary>Writes each email as an RFC 5322 .eml file; used when no SendGrid key is configured.</summary>
public sealed class FileEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<FileEmailSender> logger) : IEmailSender
{
    private readonly string _directory = options.Value.MailDirectory ?? throw new InvalidOperationException("SocialFlow:Email:MailDirectory is not set.");

    public async Task SendAsync(PendingEmail email, CancellationToken ct)
    {
        Directory.CreateDirectory(_directory);
        var now = clock.GetUtcNow();
        var path = Path.Combine(_directory, $"{now:yyyyMMdd-HHmmss}-{email.Kind}-{email.Id:N}.eml");
        var o = options.Value;
        var message = new StringBuilder()
            .Append($"Message-ID: <{email.Id:N}@socialflow.local>\r\n")
            .Append($"Date: {now:r}\r\n")
            .Append($"From: {o.FromName} <{o.FromAddress}>\r\n")
            .Append($"To: {email.Recipient}\r\n")
            .Append($"Subject: {email.Subject}\r\n")
            .Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
            .Append(email.TextBody.ReplaceLineEndings("\r\n"))
            .Append("\r\n");
        await File.WriteAllTextAsync(path + ".tmp", message.ToString(), ct);
        File.Move(path + ".tmp", path, overwrite: true);
        // The body holds one-time tokens: log where it is, not what it says.
        logger.LogInformation("Email {EmailId} ({Kind}) written to {Path}", email.Id, email.Kind, path);
    }
}
