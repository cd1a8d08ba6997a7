using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Analysis;

namespace SocialFlow.Grains.Analysis;

/// <summary>The API host's door to the silo's text models (it cannot use them directly). Stateless, reentrant.</summary>
[StatelessWorker, Reentrant]
public sealed class TextAnalysisGrain(ITextAnalyzer analyzer) : Grain, ITextAnalysisGrain
{
    public Task<TextAnalysis> AnalyzeAsync(string text) => analyzer.AnalyzeAsync(text);

    public Task<IReadOnlyList<ModelQuality>> QualityAsync() => analyzer.QualityAsync();
}
