using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Trending.Viral;

public sealed class ViralOptions
{
    public const string Section = "SocialFlow:Viral";

    /// <summary>How often the items aged one to two hours are scored (a reminder: at least a minute).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "SocialFlow:Viral:PredictEvery must be between 1 min and 1 day.")]
    public TimeSpan PredictEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An item is a predicted riser when the model gives it at least this probability.</summary>
    [Range(0.0, 1.0, ErrorMessage = "SocialFlow:Viral:MinProbability must be between 0 and 1.")]
    public double MinProbability { get; set; } = 0.5;

    /// <summary>At most this many risers per kind, the most probable.</summary>
    [Range(1, 200, ErrorMessage = "SocialFlow:Viral:MaxRisers must be between 1 and 200.")]
    public int MaxRisers { get; set; } = 20;

    /// <summary>A riser not trending yet takes one place in this many of `/ml/trending` (the rest stay trending's order).</summary>
    [Range(1, 20, ErrorMessage = "SocialFlow:Viral:RiserStride must be between 1 and 20.")]
    public int RiserStride { get; set; } = 3;

    /// <summary>The label: an item is viral when it was among its day's best this many of its kind by 24 h points.</summary>
    [Range(1, 1_000, ErrorMessage = "SocialFlow:Viral:TopN must be between 1 and 1000.")]
    public int TopN { get; set; } = 50;

    /// <summary>How far back a training reads items (each at least a day old, so its outcome is known).</summary>
    [Range(typeof(TimeSpan), "2.00:00:00", "365.00:00:00", ErrorMessage = "SocialFlow:Viral:TrainingWindow must be between 2 and 365 days.")]
    public TimeSpan TrainingWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>At most this many items (the newest) are read for a training, and for one scoring.</summary>
    [Range(1_000, 5_000_000, ErrorMessage = "SocialFlow:Viral:MaxItems must be between 1000 and 5000000.")]
    public int MaxItems { get; set; } = 500_000;

    /// <summary>A training with fewer training items (or fewer than 5 viral and 5 not) keeps the previous model.</summary>
    [Range(20, 10_000_000, ErrorMessage = "SocialFlow:Viral:MinExamples must be between 20 and 10000000.")]
    public int MinExamples { get; set; } = 500;

    /// <summary>A model whose AUC on the later fifth of the history is below this keeps the previous one.</summary>
    [Range(0.5, 1.0, ErrorMessage = "SocialFlow:Viral:MinAuc must be between 0.5 and 1.")]
    public double MinAuc { get; set; } = 0.6;
}
