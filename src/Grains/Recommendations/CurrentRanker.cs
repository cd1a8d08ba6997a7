using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Recommendations.Ranking;

namespace SocialFlow.Grains.Recommendations;

/// <summary>
/// This silo's ranking model: the newest accepted version, checked every <see cref="RecommendationOptions.ModelPoll"/>
/// (one read of max(version)) and loaded when it changed, with the neighbors published beside it (a newer version
/// published between the two reads is loaded whole at the next check), so a retrain reaches every silo without a
/// restart. Until a model exists the fallback blend ranks.
/// </summary>
public sealed class CurrentRanker(RecommendationStore store, IOptions<RecommendationOptions> options, ILogger<CurrentRanker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _loading = new(1, 1);

    public Ranker Ranker { get; private set; } = Ranker.Fallback;

    public async Task RefreshAsync()
    {
        await _loading.WaitAsync();
        try
        {
            if (await store.Models.LatestAsync() is not { } version || version == Ranker.Version) return;
            if (await store.Models.ModelAsync(version) is not { } bytes) return;
            var neighbors = await store.NeighborsAsync();
            Ranker = Ranker.Load(version, bytes, neighbors);
            logger.LogInformation("Serving recommendation model {Version} ({Items} items with {Pairs} neighbors)", version, neighbors.Items, neighbors.Pairs);
        }
        finally
        {
            _loading.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ModelPoll);
        do
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not check for a newer recommendation model ({Error}); the current one stays", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
