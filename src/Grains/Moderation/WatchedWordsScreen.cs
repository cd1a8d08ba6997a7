using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Moderation;

/// <summary>
/// This silo's copy of the watched words, compiled, reloaded from PostgreSQL when older than
/// <see cref="ModerationOptions.WatchedWordsRefresh"/> (so every silo follows a change within that time; the silo of
/// the list's grain at once). Words match whole, case and accents ignored; patterns run with
/// <see cref="RegexOptions.NonBacktracking"/>, so no pattern can take time exponential in the text.
/// </summary>
public sealed class WatchedWordsScreen(ModerationStore store, IOptions<ModerationOptions> options, TimeProvider clock) : IContentScreen
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Compiled? _compiled;

    public async ValueTask<ScreenResult> ScreenAsync(params string?[] texts)
    {
        var compiled = _compiled;
        if (compiled is null || clock.GetUtcNow() - compiled.LoadedAt > options.Value.WatchedWordsRefresh) compiled = await ReloadAsync();
        if (compiled.IsEmpty) return ScreenResult.Clean;
        var matched = new SortedSet<string>(StringComparer.Ordinal);
        var hold = false;
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text)) continue;
            var folded = Fold(text);
            foreach (var (regex, isHold) in compiled.Rules)
            {
                foreach (Match m in regex.Matches(regex.Options.HasFlag(RegexOptions.ExplicitCapture) ? folded : text))
                {
                    matched.Add(m.Value.ToLowerInvariant());
                    hold |= isHold;
                }
            }
        }
        return matched.Count == 0 ? ScreenResult.Clean : new ScreenResult(hold ? ScreenVerdict.Hold : ScreenVerdict.Flag, [.. matched]);
    }

    /// <summary>Called by the list's grain after a change, so its own silo does not wait for the refresh.</summary>
    public void Forget() => _compiled = null;

    /// <summary>Lower case without accents: how words are compared.</summary>
    public static string Fold(string text) => AccentFolding.Fold(text);

    private const RegexOptions PatternOptions = WatchedWordRules.PatternOptions;
    private static readonly TimeSpan MatchTimeout = WatchedWordRules.MatchTimeout;

    // Words are matched in folded text; ExplicitCapture marks those rules (patterns run on the text as written).
    private const RegexOptions WordOptions = PatternOptions | RegexOptions.ExplicitCapture;

    private async Task<Compiled> ReloadAsync()
    {
        await _reload.WaitAsync();
        try
        {
            if (_compiled is { } fresh && clock.GetUtcNow() - fresh.LoadedAt <= options.Value.WatchedWordsRefresh) return fresh;
            var words = await store.ListWatchedWordsAsync();
            var rules = new List<(Regex, bool)>();
            foreach (var isHold in new[] { true, false })
            {
                var action = isHold ? WatchedWordRules.Hold : WatchedWordRules.Flag;
                var plain = words.Where(w => w.Action == action && w.Match == WatchedWordRules.Word).Select(w => Regex.Escape(Fold(w.Pattern))).ToList();
                if (plain.Count > 0) rules.Add((new Regex($@"(?:^|\b)(?:{string.Join('|', plain)})(?:\b|$)", WordOptions, MatchTimeout), isHold));
                foreach (var w in words.Where(w => w.Action == action && w.Match == WatchedWordRules.Regex))
                {
                    rules.Add((new Regex(w.Pattern, PatternOptions, MatchTimeout), isHold));
                }
            }
            var compiled = new Compiled(rules, clock.GetUtcNow());
            _compiled = compiled;
            return compiled;
        }
        finally
        {
            _reload.Release();
        }
    }

    private sealed record Compiled(List<(Regex Regex, bool Hold)> Rules, DateTimeOffset LoadedAt)
    {
        public bool IsEmpty => Rules.Count == 0;
    }
}
