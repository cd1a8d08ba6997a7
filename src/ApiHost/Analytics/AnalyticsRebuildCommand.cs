using System.Globalization;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Analytics;

namespace SocialFlow.ApiHost.Analytics;

/// <summary>
/// <c>SocialFlow.ApiHost rebuild-analytics [--from YYYY-MM-DD]</c> (<c>make analytics-rebuild [FROM=…]</c>): recomputes the
/// rollups day by day from the raw events, from the first whole day still inside retention (or --from, if later) to
/// today, printing each day. It runs as an Orleans client of the running backend, like <see cref="SearchRebuildCommand"/>;
/// tracking goes on meanwhile (each day's rebuild holds the writers for that day's statement). Stopped at any point,
/// running it again recomputes from the start: a day's rebuild replaces that day's rollups, so repeating one is harmless.
/// </summary>
public static class AnalyticsRebuildCommand
{
    public const string Name = "rebuild-analytics";

    /// <summary>0 done, 64 bad usage; <paramref name="settings"/> override the configuration (tests).</summary>
    public static async Task<int> RunAsync(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        DateOnly? from = null;
        if (args is [Name, "--from", var day] && DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) from = d;
        else if (args is not [Name])
        {
            await Console.Error.WriteLineAsync($"usage: SocialFlow.ApiHost {Name} [--from YYYY-MM-DD]");
            return 64;
        }
        return await ClusterClientCommand.RunAsync(settings, async grains =>
        {
            var rebuild = grains.Ref<IAnalyticsRebuildGrain>(0);
            if (await rebuild.FirstRebuildableDayAsync() is not { } first)
            {
                Console.WriteLine("no raw events inside retention: nothing to rebuild");
                return 0;
            }
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            for (var day = from > first ? from.Value : first; day <= today; day = day.AddDays(1))
            {
                var done = await rebuild.RebuildDayAsync(day);
                Console.WriteLine($"{done.Day:yyyy-MM-dd}: {done.Events:N0} raw events, {done.Rollups:N0} rollup rows");
            }
            return 0;
        });
    }
}
