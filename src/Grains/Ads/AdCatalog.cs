using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SocialFlow.Grains.Ads;

/// <summary>
/// Each silo's list of serving campaigns (active, within their schedule, with an approved creative), read again when
/// older than <see cref="AdsOptions.CatalogRefresh"/> by one caller while the others use the current list; a campaign
/// grain that changes what serves marks this silo's copy stale. Budgets are judged by the campaign's grain at
/// reservation; a campaign that refused for a spent budget is left out here for <see cref="SpentPause"/> (or until
/// this silo's copy is marked stale), so that spent campaigns with the highest bids do not take every attempt of a
/// decision from those with budget left.
/// </summary>
public sealed class AdCatalog(AdStore store, IOptions<AdsOptions> options, TimeProvider clock)
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private IReadOnlyList<AdCandidate> _serving = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _spentUntil = new();

    /// <summary>How long a campaign whose budget was found spent is not asked again by this silo's viewers.</summary>
    public static readonly TimeSpan SpentPause = TimeSpan.FromSeconds(30);

    public async ValueTask<IReadOnlyList<AdCandidate>> ServingAsync()
    {
        if (clock.GetUtcNow() - _readAt <= options.Value.CatalogRefresh) return _serving;
        await _refresh.WaitAsync();
        try
        {
            var now = clock.GetUtcNow();
            if (now - _readAt > options.Value.CatalogRefresh) (_serving, _readAt) = (await store.ServingAsync(now), now);
            return _serving;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Invalidate()
    {
        _spentUntil.Clear();
        _readAt = DateTimeOffset.MinValue;
    }

    public void Spent(Guid campaignId, DateTimeOffset now) => _spentUntil[campaignId] = now + SpentPause;

    public bool IsSpent(Guid campaignId, DateTimeOffset now)
    {
        if (!_spentUntil.TryGetValue(campaignId, out var until)) return false;
        if (until > now) return true;
        _spentUntil.TryRemove(campaignId, out _);
        return false;
    }
}
