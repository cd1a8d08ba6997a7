using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialFlow.Grains.Infrastructure.Media;

namespace SocialFlow.Silo.Hosting;

/// <summary>
/// <c>SocialFlow.ApiHost export-media DIR</c> and <c>import-media DIR</c>: the configured media store (local or S3, the
/// same settings as the backend's) copied to a directory and back, for scripts/backup.sh and restore.sh. They need no
/// running backend; import refuses a store that already holds objects (a restore only fills an empty installation).
/// </summary>
public static class MediaArchiveCommand
{
    public const string Export = "export-media", Import = "import-media";

    /// <summary>0 done, 1 refused (import into a store that is not empty), 64 bad usage.</summary>
    public static async Task<int> RunAsync(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        if (args is not [Export or Import, var directory])
        {
            await Console.Error.WriteLineAsync($"usage: SocialFlow.ApiHost {Export}|{Import} DIR");
            return 64;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddMedia(builder.Configuration);
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<IMediaStore>();
        if (args[0] == Export)
        {
            Console.WriteLine($"exported {await MediaArchive.ExportAsync(store, directory)} objects to {directory}");
            return 0;
        }
        if (!await MediaArchive.IsEmptyAsync(store))
        {
            await Console.Error.WriteLineAsync("the media store is not empty: restore into a new bucket or directory");
            return 1;
        }
        Console.WriteLine($"imported {await MediaArchive.ImportAsync(directory, store)} files from {directory}");
        return 0;
    }
}
