using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Recommendations;

public sealed class RecommendationOptions
{
    public const string Section = "SocialFlow:Recommendations";

    /// <summary>How often the reminder retrains the ranking model.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "SocialFlow:Recommendations:RetrainEvery must be between 1 min and 7 days.")]
    public TimeSpan RetrainEvery { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often each silo checks for a newer accepted model (one indexed read of the newest version).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "SocialFlow:Recommendations:ModelPoll must be between 50 ms and 10 min.")]
    public TimeSpan ModelPoll { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How far back a training reads events.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00", ErrorMessage = "SocialFlow:Recommendations:TrainingWindow must be between 1 and 365 days.")]
    public TimeSpan TrainingWindow { get; set; } = TimeSpan.FromDays(60);

    /// <summary>At most this many events per kind are read for a training (the newest).</summary>
    [Range(1_000, 50_000_000, ErrorMessage = "SocialFlow:Recommendations:MaxTrainingEvents must be between 1000 and 50000000.")]
    public int MaxTrainingEvents { get; set; } = 2_000_000;

    /// <summary>A training with fewer examples keeps the previous model.</summary>
    [Range(10, 10_000_000, ErrorMessage = "SocialFlow:Recommendations:MinExamples must be between 10 and 10000000.")]
    public int MinExamples { get; set; } = 200;

    /// <summary>A model whose held-out AUC is below this keeps the previous one (0.5 is chance).</summary>
    [Range(0.5, 1.0, ErrorMessage = "SocialFlow:Recommendations:MinAuc must be between 0.5 and 1.")]
    public double MinAuc { get; set; } = 0.55;

    /// <summary>Seconds of watching that make a view a positive signal.</summary>
    [Range(1, 3600, ErrorMessage = "SocialFlow:Recommendations:LongViewSeconds must be between 1 and 3600.")]
    public int LongViewSeconds { get; set; } = 20;

    /// <summary>The ranked items a person's grain keeps (five pages of 20); it refills, in the background, below
    /// <see cref="RefillBelow"/>. Each active person holds a list, so its length is the domain's memory per person.</summary>
    [Range(20, 1_000, ErrorMessage = "SocialFlow:Recommendations:ListSize must be between 20 and 1000.")]
    public int ListSize { get; set; } = 100;

    [Range(1, 500, ErrorMessage = "SocialFlow:Recommendations:RefillBelow must be between 1 and 500.")]
    public int RefillBelow { get; set; } = 30;

    /// <summary>How long a silo ranks with an item's tags and counts as it read them (they are features, not rules:
    /// <see cref="ReadModels.CandidateFeaturesReadModel"/>); 0 reads them for every ranking.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "SocialFlow:Recommendations:FeaturesCacheTime must be between 0 and 10 min.")]
    public TimeSpan FeaturesCacheTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Fresh items (the newest public ones) among the candidates: the exploration budget.</summary>
    [Range(0, 200, ErrorMessage = "SocialFlow:Recommendations:Exploration must be between 0 and 200.")]
    public int Exploration { get; set; } = Ranking.PoolSizes.Serving.Fresh;
}
