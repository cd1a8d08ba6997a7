using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Trending.Viral;

/// <summary>
/// Viral prediction (key 0). Every <see cref="ViralOptions.PredictEvery"/> (a reminder) it loads the newest accepted
/// model when the version changed, reads the first hour of the items aged one to two hours
/// (<see cref="ViralFactsReadModel"/>) and keeps, per kind, the <see cref="ViralOptions.MaxRisers"/> most probable at or
/// above <see cref="ViralOptions.MinProbability"/>. The model lives here only, because this one activation is all that
/// scores (trending's readers on every silo ask it for the risers), so there is nothing to swap into other silos.
/// Reentrant: readers are not held up by a scoring or a training; each of those runs one at a time (shared when asked
/// again while running).
/// </summary>
[Reentrant]
public sealed class ViralGrain(ViralFactsReadModel facts, ViralTraining training, ViralStore store, IOptions<ViralOptions> options, TimeProvider clock,
    ILogger<ViralGrain> logger) : Grain, IViralGrain, IRemindable
{
    private static readonly TimeSpan FirstHour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(24);
    private const string Reminder = "predict";

    private ViralModel? _model;
    private Dictionary<TrendingKind, IReadOnlyList<ViralRiser>>? _risers;
    private Task<int>? _predicting;
    private Task<ViralTrainingResult>? _training;

    public async Task<IReadOnlyList<ViralRiser>> RisersAsync(TrendingKind kind)
    {
        if (_risers is null) await PredictAsync();
        return _risers?.GetValueOrDefault(kind) ?? [];
    }

    public async Task<int> PredictAsync()
    {
        var predicting = _predicting ??= PredictOnceAsync();
        try
        {
            return await predicting;
        }
        finally
        {
            if (_predicting == predicting) _predicting = null;
        }
    }

    public async Task<ViralTrainingResult> TrainAsync(AuditActor? requestedBy)
    {
        var running = _training ??= TrainOnceAsync(requestedBy);
        try
        {
            return await running;
        }
        finally
        {
            if (_training == running) _training = null;
        }
    }

    public Task EnsureScheduledAsync() => this.RegisterOrUpdateReminder(Reminder, options.Value.PredictEvery, options.Value.PredictEvery);

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => PredictAsync();

    private async Task<int> PredictOnceAsync()
    {
        var o = options.Value;
        await LoadNewestAsync();
        if (_model is not { } model)
        {
            _risers = [];
            return 0;
        }
        var now = clock.GetUtcNow();
        var items = await facts.ReadAsync(now - (2 * FirstHour), now - FirstHour, o.MaxItems, FirstHour, FirstHour);
        var scored = items.Select(f => (f.Kind, f.Id, Probability: model.Probability(f))).Where(s => s.Probability >= o.MinProbability).ToList();
        _risers = scored.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => (IReadOnlyList<ViralRiser>)[
            .. g.OrderByDescending(s => s.Probability).ThenBy(s => s.Id).Take(o.MaxRisers).Select(s => new ViralRiser(s.Kind, s.Id, Math.Round(s.Probability, 4))),
        ]);
        return items.Count;
    }

    private async Task<ViralTrainingResult> TrainOnceAsync(AuditActor? requestedBy)
    {
        var now = clock.GetUtcNow();
        var history = await facts.ReadAsync(now - options.Value.TrainingWindow, now - Horizon, options.Value.MaxItems, FirstHour, Horizon);
        var result = await training.RunAsync(history, requestedBy);
        if (result.Accepted) await PredictAsync();
        return result;
    }

    private async Task LoadNewestAsync()
    {
        try
        {
            if (await store.Models.LatestAsync() is not { } version || version == _model?.Version) return;
            if (await store.Models.ModelAsync(version) is not { } bytes) return;
            _model = ViralModel.Load(version, bytes);
            logger.LogInformation("Scoring with viral model {Version}", version);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not load the newest viral model ({Error}); the current one stays", e.Message);
        }
    }
}
