using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Analysis;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Moderation;
using SocialFlow.Grains.ReadModels;

namespace SocialFlow.Grains.Analysis;

/// <summary>
/// Scores an item's text after it was stored (from an event or the chat scorer, never in the author's request) and
/// acts on the scores: over a Flag threshold the item's case gets the flag and the model's score (raising its
/// priority); over a Hold threshold the item is also held through its own grain, as a moderator's hold. The scores are
/// stored last, so an event re-delivered after a crash acts again (both actions are idempotent) and one delivered
/// after the store finds the same text scored and does nothing.
/// </summary>
public sealed class ContentScorer(ITextAnalyzer analyzer, ContentScoreStore store, ContentScoreWriter writer, ModerationTargets targets, ModerationStore moderation,
    PostTextReadModel posts, IOptionsMonitor<AnalysisOptions> options)
{
    public const string ToxicityFlag = "model:toxicity", SpamFlag = "model:spam";

    /// <summary>The model's weight in the priority at probability 1: as much as a watched word that holds the item.</summary>
    private const double ModelWeight = 3;

    private static readonly AuditActor Analysis = new(null, "content-analysis");

    public async Task ScoreAsync(ModerationTargetType type, Guid id)
    {
        // A post's text by one statement: taking it from the post's grain activated one grain per new post (its row,
        // mentions, media and content row: the posts' event path cost twice as much). The grain is asked only to act.
        if (type == ModerationTargetType.Post)
        {
            if (await posts.PostAsync(id) is { } post) await ScoreAsync(type, id, post.Text, post.Standing, () => targets.SnapshotAsync(type, id));
            return;
        }
        if (await targets.SnapshotAsync(type, id) is { } item) await ScoreAsync(item);
    }

    public Task ScoreAsync(ModeratedItem item)
    {
        var text = string.Join('\n', new[] { item.Title, item.Text }.Where(t => !string.IsNullOrWhiteSpace(t)));
        return ScoreAsync(item.Type, item.Id, text, item.Standing, () => Task.FromResult<ModeratedItem?>(item));
    }

    private async Task ScoreAsync(ModerationTargetType type, Guid id, string text, ContentStanding standing, Func<Task<ModeratedItem?>> snapshot)
    {
        if (text.Length == 0 || standing == ContentStanding.Removed) return;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        if (await store.IsScoredAsync(type, id, hash)) return;

        var scores = await analyzer.AnalyzeAsync(text);
        var o = options.CurrentValue;
        var flags = new List<string>();
        if (scores.Toxicity >= o.FlagToxicity) flags.Add(ToxicityFlag);
        if (scores.Spam >= o.FlagSpam) flags.Add(SpamFlag);
        var hold = scores.Toxicity >= o.HoldToxicity || scores.Spam >= o.HoldSpam;
        if (flags.Count > 0 && await snapshot() is { } item)
        {
            if (hold && item.Standing == ContentStanding.Visible)
            {
                await targets.ApplyAsync(item.Type, item.Id, ContentAction.Hold, Analysis, Reason(scores));
            }
            var stream = item.Type == ModerationTargetType.ChatMessage ? item.ParentId : null;
            await moderation.ModelFlagAsync(new ModerationStore.CaseSeed(item, stream, null), hold, flags, ModelWeight * Math.Max(scores.Toxicity, scores.Spam));
        }
        await writer.SaveAsync(new ScoredItem(type, id, scores, hash, flags.Count > 0, hold));
    }

    private static string Reason(TextAnalysis a) => string.Create(CultureInfo.InvariantCulture,
        $"held by content analysis: toxicity {a.Toxicity:F2}, spam {a.Spam:F2} ({a.ModelVersion})");
}
