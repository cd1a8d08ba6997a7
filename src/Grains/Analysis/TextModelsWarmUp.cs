using Microsoft.Extensions.Hosting;

namespace SocialFlow.Grains.Analysis;

/// <summary>Starts training the analysis models when the silo starts, without making the start wait for it.</summary>
public sealed class TextModelsWarmUp(TextAnalyzer analyzer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        analyzer.StartTraining();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
