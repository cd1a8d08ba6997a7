using SocialFlow.Silo.Hosting;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>
/// How an operator's command reaches the running backend: as an Orleans client, configured like the API host (the
/// same appsettings and environment; <c>settings</c> override them in tests), started for the command and stopped after.
/// </summary>
public static class ClusterClientCommand
{
    public static async Task<int> RunAsync(IEnumerable<KeyValuePair<string, string?>>? settings, Func<IGrainFactory, Task<int>> command)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddSocialFlowClient();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            return await command(host.Services.GetRequiredService<IGrainFactory>());
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
