using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Grains.Infrastructure.Email;

public static class EmailRegistration
{
    /// <summary>The email outbox's dispatcher and its sender: SendGrid when a key is set, else files under the mail directory.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .PostConfigure(o => o.MailDirectory ??= DataDirectory.Of(configuration, "mail"))
            .ValidateDataAnnotations().ValidateOnStart();
        if (string.IsNullOrEmpty(configuration[$"{EmailOptions.Section}:SendGridApiKey"]))
        {
            services.AddSingleton<IEmailSender, FileEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, SendGridEmailSender>();
        }
        services.AddHostedService<EmailOutboxDispatcher>();
        return services;
    }
}
