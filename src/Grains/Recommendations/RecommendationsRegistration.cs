using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Scheduling;
using SocialFlow.Grains.Interfaces.Recommendations;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Recommendations;

public static class RecommendationsRegistration
{
    /// <summary>Recommendations: the store, the read models it learns and serves from, the training, this silo's
    /// current model (and its check for a newer one) and the retrain reminder's registration.</summary>
    public static IServiceCollection AddRecommendations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecommendationOptions>().BindConfiguration(RecommendationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RecommendationStore>();
        services.AddSingleton<TrainingEventsReadModel>();
        services.AddSingleton<ViewerSignalsReadModel>();
        services.AddSingleton<RecommendationCandidatesReadModel>();
        services.AddSingleton<CandidateFeaturesReadModel>();
        services.AddSingleton<ModelTraining>();
        services.AddSingleton<CurrentRanker>();
        services.AddHostedService(sp => sp.GetRequiredService<CurrentRanker>());
        services.AddReminderSchedule<IRecommendationTrainerGrain>();
        return services;
    }
}
