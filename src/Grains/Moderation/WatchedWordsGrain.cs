using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.Grains.Moderation;

public sealed class WatchedWordsGrain(ModerationStore store, WatchedWordsScreen screen) : Grain, IWatchedWordsGrain
{
    public Task<IReadOnlyList<WatchedWord>> GetAsync() => store.ListWatchedWordsAsync();

    public async Task<IReadOnlyList<WatchedWord>> SetAsync(IReadOnlyList<WatchedWord> words, AuditActor by)
    {
        var next = words.DistinctBy(w => (w.Match, w.Match == WatchedWordRules.Word ? WatchedWordsScreen.Fold(w.Pattern) : w.Pattern)).ToList();
        var before = await store.ListWatchedWordsAsync();
        var added = next.Except(before).ToList();
        var removed = before.Except(next).ToList();
        if (added.Count == 0 && removed.Count == 0) return before;
        await store.ReplaceWatchedWordsAsync(next, new AuditEntry(by, AuditActions.WatchedWordsChanged, "watched_words", "all", null,
            new { added, removed }));
        screen.Forget();
        return await store.ListWatchedWordsAsync();
    }
}
