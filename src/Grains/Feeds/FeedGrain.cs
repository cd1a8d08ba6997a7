using Microsoft.Extensions.Options;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Feeds;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Feeds;

/// <summary>
/// One user's home feed. The window (newest first, at most <see cref="FeedOptions.Window"/>) is loaded from feed_entries
/// on the first read, after a rebuild from the graph when the stored one is missing or stale, and then kept current by
/// the fan-out's pushes. Activation itself reads nothing, so a push to a feed nobody reads costs no query.
/// </summary>
public sealed class FeedGrain(FeedStore store, FeedGraph graph, FeedCards cards, PulledItems pulled, IOptions<FeedOptions> options, TimeProvider clock)
    : Grain, IFeedGrain
{
    private readonly List<FeedEntry> _window = [];
    private readonly HashSet<Guid> _ids = [];
    private bool _loaded;
    private HashSet<Guid> _hidden = [];
    private List<Guid> _pulledAuthors = [];
    private DateTimeOffset _graphReadAt = DateTimeOffset.MinValue;
    private (FeedPage Page, int Limit, long Until)? _firstPage;

    private Guid UserId => this.GetPrimaryKey();
    private FeedOptions Options => options.Value;

    public async Task<FeedPage> ReadAsync(PageCursor? after, int limit)
    {
        await EnsureLoadedAsync();
        await EnsureGraphAsync();
        if (after is null && _firstPage is { } first && first.Limit == limit && clock.GetTimestamp() < first.Until) return first.Page;
        var page = await RenderAsync(after, limit);
        var reuse = Options.FirstPageReuse < Options.CardTtl ? Options.FirstPageReuse : Options.CardTtl;
        if (after is null && reuse > TimeSpan.Zero)
        {
            // Pulled authors' items change without a push: their cache's lifetime bounds the reuse too.
            if (_pulledAuthors.Count > 0 && Options.PulledItemsTtl < reuse) reuse = Options.PulledItemsTtl;
            _firstPage = (page, limit, clock.GetTimestamp() + (long)(reuse.TotalSeconds * clock.TimestampFrequency));
        }
        return page;
    }

    private async Task<FeedPage> RenderAsync(PageCursor? after, int limit)
    {
        using var candidates = (await CandidatesAsync(after)).GetEnumerator();
        var items = new List<FeedCard>(limit + 1);
        while (items.Count <= limit)
        {
            // Cards for a little more than is missing: most candidates render, a few are deleted or hidden.
            var batch = Take(candidates, limit + 1 - items.Count + 4);
            if (batch.Count == 0) break;
            var found = await cards.GetAsync(batch);
            foreach (var entry in batch)
            {
                // The cached card itself when its time is the entry's (nearly always): the host then reuses its JSON by reference.
                if (found.GetValueOrDefault(entry.ItemId) is { } card && items.Count <= limit) items.Add(card.At == entry.At ? card : card with { At = entry.At });
            }
        }
        if (items.Count <= limit) return new FeedPage(items, null);
        items.RemoveAt(limit);
        return new FeedPage(items, new PageCursor(items[^1].At, items[^1].Id));
    }

    private static List<FeedEntry> Take(IEnumerator<FeedEntry> from, int count)
    {
        var taken = new List<FeedEntry>(count);
        while (taken.Count < count && from.MoveNext()) taken.Add(from.Current);
        return taken;
    }

    public Task PushAsync(FeedEntry entry)
    {
        if (_loaded) Insert(entry);
        _firstPage = null;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(Guid itemId)
    {
        if (_ids.Remove(itemId)) _window.RemoveAll(e => e.ItemId == itemId);
        _firstPage = null;
        return Task.CompletedTask;
    }

    public Task RefreshAsync()
    {
        (_loaded, _graphReadAt, _firstPage) = (false, DateTimeOffset.MinValue, null);
        _window.Clear();
        _ids.Clear();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Window entries and the pulled authors' items after the cursor, newest first, without hidden authors; lazy, so a
    /// page reads only as far into the window as it needs (the window is sorted: a cursor starts at a binary search).
    /// </summary>
    private async Task<IEnumerable<FeedEntry>> CandidatesAsync(PageCursor? after)
    {
        List<FeedEntry> all = _window;
        if (_pulledAuthors.Count > 0)
        {
            var extra = new List<FeedEntry>();
            foreach (var author in _pulledAuthors) extra.AddRange(await pulled.RecentAsync(author));
            all = [.. _window.Concat(extra.Where(e => !_ids.Contains(e.ItemId))).DistinctBy(e => e.ItemId).Order(FeedItems.NewestFirst)];
        }
        var start = 0;
        if (after is not null)
        {
            var at = all.BinarySearch(new FeedEntry(after.Id, default, default, after.At), FeedItems.NewestFirst);
            start = at < 0 ? ~at : at + 1;
        }
        return Visible(all, start);
    }

    private IEnumerable<FeedEntry> Visible(List<FeedEntry> entries, int start)
    {
        for (var i = start; i < entries.Count; i++)
        {
            if (!_hidden.Contains(entries[i].AuthorId)) yield return entries[i];
        }
    }

    private async Task EnsureLoadedAsync()
    {
        if (_loaded) return;
        var now = clock.GetUtcNow();
        if (await store.BuiltAtAsync(UserId) is not { } built || now - built > Options.RebuildAfter) await RebuildAsync(now);
        var stored = await store.LoadAsync(UserId);
        stored.Sort(FeedItems.NewestFirst);
        if (stored.Count > Options.Window)
        {
            await store.TrimAsync(UserId, [.. stored.Skip(Options.Window).Select(e => e.ItemId)]);
            stored.RemoveRange(Options.Window, stored.Count - Options.Window);
        }
        _window.Clear();
        _ids.Clear();
        foreach (var e in stored) Insert(e);
        _loaded = true;
    }

    /// <summary>The recent items of everyone the user follows and their own, so a returning user sees a full feed.</summary>
    private async Task RebuildAsync(DateTimeOffset now)
    {
        Guid[] authors = [UserId, .. await graph.FolloweesAsync(UserId)];
        var perAuthor = Math.Clamp(Options.Window * 4 / authors.Length, 20, Options.Window);
        await store.BackfillAsync(UserId, authors, perAuthor, Options.Window);
        await store.MarkBuiltAsync(UserId, now);
    }

    private async Task EnsureGraphAsync()
    {
        var now = clock.GetUtcNow();
        if (now - _graphReadAt < Options.GraphRefresh) return;
        _hidden = await graph.HiddenAuthorsAsync(UserId);
        _pulledAuthors = await graph.FolloweesAboveAsync(UserId, Options.PushThreshold);
        (_graphReadAt, _firstPage) = (now, null);
    }

    /// <summary>Adds in order (pushes are nearly always newest, so the search ends at once) and keeps the window bounded.</summary>
    private void Insert(FeedEntry entry)
    {
        if (!_ids.Add(entry.ItemId)) return;
        var at = _window.BinarySearch(entry, FeedItems.NewestFirst);
        _window.Insert(at < 0 ? ~at : at, entry);
        if (_window.Count <= Options.Window) return;
        _ids.Remove(_window[^1].ItemId);
        _window.RemoveAt(_window.Count - 1);
    }
}
