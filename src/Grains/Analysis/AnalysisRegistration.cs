using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.Grains.Analysis;

public static class AnalysisRegistration
{
    /// <summary>Analysis: the text models (trained in the background at start) and their options.</summary>
    public static IServiceCollection AddAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TextAnalyzer>();
        services.AddSingleton<ITextAnalyzer>(sp => sp.GetRequiredService<TextAnalyzer>());
        services.AddHostedService<TextModelsWarmUp>();
        return services;
    }
}
