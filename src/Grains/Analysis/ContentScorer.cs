using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Analysis;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Moderation;

namespace SocialFlow.Grains.Analysis;

/// <summary>
/// Scores an item's text after it was stored (from an event or the chat scorer, never in the author's request) and
/// acts on the scores: over a Flag threshold the item's case gets the flag and the model's score (raising its
/// priority); over a Hold threshold the item is also held through its own grain, as a moderator's hold. The scores are
/// stored last, so an event re-delivered after a crash acts again (both actions are idempotent) and one delivered
/// after the store finds the same text scored and does nothing.
/// </summary>
public sealed class ContentScorer(ITextAnalyzer analyzer, ContentScoreStore store, ModerationTargets targets, ModerationStore moderation,
    IOptionsMonitor<AnalysisOptions> options)
{
    public const string ToxicityFlag = "model:toxicity", SpamFlag = "model:spam";

    /// <summary>The model's weight in the priority at probability 1: as much as a watched word that holds the item.</summary>
    private const double ModelWeight = 3;

    private static readonly AuditActor Analysis = new(null, "content-analysis");

    public async Task ScoreAsync(ModerationTargetType type, Guid id)
    {
        if (await targets.SnapshotAsync(type, id) is { } item) await ScoreAsync(item);
    }

    public async Task ScoreAsync(ModeratedItem item)
    {
        var text = string.Join('\n', new[] { item.Title, item.Text }.Where(t => !string.IsNullOrWhiteSpace(t)));
        if (text.Length == 0 || item.Standing == ContentStanding.Removed) return;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        if (await store.IsScoredAsync(item.Type, item.Id, hash)) return;

        var scores = await analyzer.AnalyzeAsync(text);
        var o = options.CurrentValue;
        var flags = new List<string>();
        if (scores.Toxicity >= o.FlagToxicity) flags.Add(ToxicityFlag);
        if (scores.Spam >= o.FlagSpam) flags.Add(SpamFlag);
        var hold = scores.Toxicity >= o.HoldToxicity || scores.Spam >= o.HoldSpam;
        if (flags.Count > 0)
        {
            if (hold && item.Standing == ContentStanding.Visible)
            {
                await targets.ApplyAsync(item.Type, item.Id, ContentAction.Hold, Analysis, Reason(scores));
            }
            var stream = item.Type == ModerationTargetType.ChatMessage ? item.ParentId : null;
            await moderation.ModelFlagAsync(new ModerationStore.CaseSeed(item, stream, null), hold, flags, ModelWeight * Math.Max(scores.Toxicity, scores.Spam));
        }
        await store.SaveAsync(item.Type, item.Id, scores, hash, flags.Count > 0, hold);
    }

    private static string Reason(TextAnalysis a) => string.Create(CultureInfo.InvariantCulture,
        $"held by content analysis: toxicity {a.Toxicity:F2}, spam {a.Spam:F2} ({a.ModelVersion})");
}
