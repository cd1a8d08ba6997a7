using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Recommendations;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Recommendations;

/// <summary>
/// The ranking model's training (key 0; not reentrant, so one training at a time): on its reminder and on demand. The
/// viral model (Trending's <see cref="IViralGrain"/>) trains right after, on the same schedule; its failure is logged and
/// changes nothing of the ranker's outcome.
/// </summary>
public sealed class RecommendationTrainerGrain(TrainingEventsReadModel events, ModelTraining training, IOptions<RecommendationOptions> options, TimeProvider clock,
    ILogger<RecommendationTrainerGrain> logger)
    : Grain, IRecommendationTrainerGrain, IRemindable
{
    private const string Reminder = "retrain";

    public async Task<RetrainResult> RetrainAsync(AuditActor? requestedBy)
    {
        var o = options.Value;
        var log = await events.ReadAsync(clock.GetUtcNow() - o.TrainingWindow, o.MaxTrainingEvents, o.LongViewSeconds);
        var result = await training.RunAsync(log, requestedBy);
        try
        {
            return result with { Viral = await GrainFactory.Ref<IViralGrain>(0).TrainAsync(requestedBy) };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The viral model's training could not run; its previous model stays");
            return result;
        }
    }

    public Task EnsureScheduledAsync() => this.RegisterOrUpdateReminder(Reminder, options.Value.RetrainEvery, options.Value.RetrainEvery);

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => RetrainAsync(null);
}
