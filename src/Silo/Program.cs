using Microsoft.Extensions.Configuration.Memory;
using SocialFlow.Silo.Hosting;

namespace SocialFlow.Silo;

// An explicit Main: top-level statements would make a second global Program type next to ApiHost's.
public static class SiloProgram
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Lowest-priority defaults for a standalone silo (no appsettings.json: ApiHost references this project and has its own).
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:8081",
                ["SocialFlow:Orleans:Clustering"] = "Redis",
                ["SocialFlow:Telemetry:Prometheus:Url"] = "http://127.0.0.1:9465",
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Orleans"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Polly"] = "Warning",
            },
        });
        builder.Logging.AddSocialFlowJsonConsole();
        builder.AddSocialFlowSilo();

        var app = builder.Build();
        app.UseSocialFlowMetricsListener();
        app.MapSiloHealth();
        app.Run();
    }
}
