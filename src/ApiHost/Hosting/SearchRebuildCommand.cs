using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.ApiHost.Hosting;

/// <summary>
/// <c>SocialFlow.ApiHost rebuild-search [--restart]</c> (<c>make search-rebuild [RESTART=1]</c>): re-indexes every post and
/// video from their tables, printing progress after each batch. It runs as an Orleans client of the running backend,
/// like <see cref="RoleCommand"/>; stopped at any point, running it again resumes after the last batch (the position
/// is kept in search_rebuilds); --restart begins again from the first item.
/// </summary>
public static class SearchRebuildCommand
{
    public const string Name = "rebuild-search";
    private const int BatchSize = 500;

    /// <summary>0 done, 64 bad usage; <paramref name="settings"/> override the configuration (tests).</summary>
    public static async Task<int> RunAsync(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        if (args is not ([Name] or [Name, "--restart"]))
        {
            await Console.Error.WriteLineAsync($"usage: SocialFlow.ApiHost {Name} [--restart]");
            return 64;
        }
        var restartFirst = args.Length == 2;
        return await ClusterClientCommand.RunAsync(settings, async grains =>
        {
            var rebuild = grains.Ref<ISearchRebuildGrain>(0);
            foreach (var kind in new[] { SearchType.Post, SearchType.Video, SearchType.Live })
            {
                var restart = restartFirst;
                RebuildProgress progress;
                do
                {
                    progress = await rebuild.RebuildBatchAsync(kind, restart, BatchSize);
                    restart = false;
                    Console.WriteLine($"{kind.ToString().ToLowerInvariant()}s: {progress.Indexed:N0} of about {progress.Total:N0}"
                        + (progress.Done ? " (done)" : $" ({100.0 * progress.Indexed / Math.Max(progress.Total, 1):0}%)")
                        + (progress.Failed > 0 ? $"; {progress.Failed} of this batch could not be indexed (see the silo's log)" : ""));
                }
                while (!progress.Done);
            }
            return 0;
        });
    }
}
