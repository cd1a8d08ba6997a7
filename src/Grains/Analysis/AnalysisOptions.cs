using System.ComponentModel.DataAnnotations;
using SocialFlow.Grains.Interfaces.Analysis;

namespace SocialFlow.Grains.Analysis;

/// <summary>
/// Section SocialFlow:Analysis. New text whose toxicity or spam probability reaches a Flag threshold joins the
/// moderation queue with its scores; reaching a Hold threshold also holds the item for review. Each Hold must be at
/// least its Flag. Set a threshold to 1.01 to turn that action off: holding for spam is off by default (a link is
/// one of spam's signals, and a link is no reason to hide a post before anyone has looked).
/// </summary>
public sealed class AnalysisOptions : AnalysisLimits, IValidatableObject
{
    [Range(0.0, 1.01)] public double FlagToxicity { get; set; } = 0.6;
    [Range(0.0, 1.01)] public double HoldToxicity { get; set; } = 0.9;
    [Range(0.0, 1.01)] public double FlagSpam { get; set; } = 0.8;
    [Range(0.0, 1.01)] public double HoldSpam { get; set; } = 1.01;

    /// <summary>How often the chat scorer looks for new messages.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")] public TimeSpan ChatScoringInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How far back the chat scorer looks for messages without a score.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")] public TimeSpan ChatScoringWindow { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HoldToxicity < FlagToxicity)
            yield return new($"{Section}:HoldToxicity must be at least {Section}:FlagToxicity.", [nameof(HoldToxicity)]);
        if (HoldSpam < FlagSpam)
            yield return new($"{Section}:HoldSpam must be at least {Section}:FlagSpam.", [nameof(HoldSpam)]);
    }
}
