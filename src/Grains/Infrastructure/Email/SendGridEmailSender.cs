using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace SocialFlow.Grains.Infrastructure.Email;

public sealed class SendGridEmailSender : IEmailSender
{
    private readonly SendGridClient _client;
    private readonly EmailOptions _options;
    private readonly ILogger<SendGridEmailSender> _logger;

    public SendGridEmailSender(IOptions<EmailOptions> options, ILogger<SendGridEmailSender> logger)
    {
        _options = options.Value;
        _logger = logger;
        var clientOptions = new SendGridClientOptions { ApiKey = _options.SendGridApiKey };
        if (_options.SendGridHost is { } host) clientOptions.Host = host;
        _client = new SendGridClient(clientOptions);
    }

    public async Task SendAsync(PendingEmail email, CancellationToken ct)
    {
        var message = MailHelper.CreateSingleEmail(
            new EmailAddress(_options.FromAddress, _options.FromName), new EmailAddress(email.Recipient), email.Subject, email.TextBody, null);
        message.AddCustomArg("outbox_id", email.Id.ToString("N"));
        message.AddCategory(email.Kind);
        var response = await _client.SendEmailAsync(message, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"SendGrid answered {(int)response.StatusCode} for email {email.Id}.");
        }
        _logger.LogInformation("Email {EmailId} ({Kind}) accepted by SendGrid", email.Id, email.Kind);
    }
}
