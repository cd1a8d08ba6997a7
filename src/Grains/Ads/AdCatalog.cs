using Microsoft.Extensions.Options;

namespace SocialFlow.Grains.Ads;

/// <summary>
/// Each silo's list of serving campaigns (active, within their schedule, with an approved creative), read again when
/// older than <see cref="AdsOptions.CatalogRefresh"/> by one caller while the others use the current list; a campaign
/// grain that changes what serves marks this silo's copy stale. Budgets are not judged here: the campaign's grain
/// decides at reservation.
/// </summary>
public sealed class AdCatalog(AdStore store, IOptions<AdsOptions> options, TimeProvider clock)
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private IReadOnlyList<AdCandidate> _serving = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

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

    public void Invalidate() => _readAt = DateTimeOffset.MinValue;
}
