using Microsoft.Extensions.Logging;

namespace SocialFlow.Silo.Hosting;

public static class LoggingExtensions
{
    /// <summary>One JSON object per line, with scopes (request id, grain) included.</summary>
    public static ILoggingBuilder AddSocialFlowJsonConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        return logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
    }
}
