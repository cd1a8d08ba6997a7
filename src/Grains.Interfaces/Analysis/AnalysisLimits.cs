using System.ComponentModel.DataAnnotations;

namespace SocialFlow.Grains.Interfaces.Analysis;

/// <summary>
/// What the API host reads of the analysis settings (section SocialFlow:Analysis): how many analyze calls one account
/// may make a minute (each runs three models). The silo's AnalysisOptions extend it.
/// </summary>
public class AnalysisLimits
{
    public const string Section = "SocialFlow:Analysis";

    [Range(1, 100_000)] public int AnalyzePerMinute { get; set; } = 60;
}
