using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Analysis;

public static class AnalysisRegistration
{
    /// <summary>Analysis: the text models (trained in the background at start), their options, the scores' store, the
    /// scorer and what feeds it (the post, comment and video event handlers, and the chat worker).</summary>
    public static IServiceCollection AddAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TextAnalyzer>();
        services.AddSingleton<ITextAnalyzer>(sp => sp.GetRequiredService<TextAnalyzer>());
        services.AddHostedService<TextModelsWarmUp>();
        services.AddSingleton<ContentScoreStore>();
        services.AddSingleton<ContentScoreWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ContentScoreWriter>());
        services.AddSingleton<ContentScorer>();
        services.AddSingleton<PostTextReadModel>();
        services.AddSingleton<IDomainEventHandler, PostScoringHandler>();
        services.AddSingleton<IDomainEventHandler, CommentScoringHandler>();
        services.AddSingleton<IDomainEventHandler, VideoScoringHandler>();
        services.AddSingleton<UnscoredChatMessagesReadModel>();
        services.AddHostedService<ChatScoringWorker>();
        return services;
    }
}
