using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Recommendations;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Recommendations;

/// <summary>The ranking model's training (key 0; not reentrant, so one training at a time): on its reminder and on demand.</summary>
public sealed class RecommendationTrainerGrain(TrainingEventsReadModel events, ModelTraining training, IOptions<RecommendationOptions> options, TimeProvider clock)
    : Grain, IRecommendationTrainerGrain, IRemindable
{
    private const string Reminder = "retrain";

    public async Task<RetrainResult> RetrainAsync(AuditActor? requestedBy)
    {
        var o = options.Value;
        var log = await events.ReadAsync(clock.GetUtcNow() - o.TrainingWindow, o.MaxTrainingEvents, o.LongViewSeconds);
        return await training.RunAsync(log, requestedBy);
    }

    public Task EnsureScheduledAsync() => this.RegisterOrUpdateReminder(Reminder, options.Value.RetrainEvery, options.Value.RetrainEvery);

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => RetrainAsync(null);
}
