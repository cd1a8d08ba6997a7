using SocialFlow.Grains.Interfaces.Ads;

namespace SocialFlow.Grains.Ads;

/// <summary>
/// Reservations, counting and settlement. An ad reserves its cost (milli-units) before it is served: the reservation is
/// refused when spent + reserved + this cost would pass the total budget, or today's spent + reserved would pass the
/// daily budget or its pace. The impression (CPM) or click (CPC) turns the reservation into spend; an ad that expires
/// uncounted releases it. Every change is written before it is answered; when a write's outcome is unknown the grain
/// deactivates and rebuilds from the rows.
/// </summary>
public sealed partial class AdCampaignGrain
{
    private readonly Random _draw = new();
    private Dictionary<Guid, PendingServe> _pending = [];
    private long _spentMilli;
    private long _todayMilli;
    private DateOnly _today;
    private long _impressions;
    private long _clicks;
    private bool _unsettled;
    private Pacing _pacing = null!;

    public async Task<AdServe?> ReserveAsync(AdRequest request, Guid creativeId)
    {
        var now = clock.GetUtcNow();
        if (_row is not { Spec: var spec } || spec.Status != CampaignStatus.Active || now < spec.StartsAt || now >= spec.EndsAt) return null;
        if (_creatives.Find(c => c.Id == creativeId) is not { Status: CreativeStatus.Approved } creative) return null;
        Release(now);
        var cost = AdTargetingRules.Reservation(spec.BidKind, spec.Bid);
        var reserved = _pending.Values.Sum(p => p.ReservedMilli);
        if (_spentMilli + reserved + cost > spec.TotalBudget * 1000) return null;
        if (_todayMilli + cost > spec.DailyBudget * 1000) return null;
        if (!_pacing.Allows(now, spec.DailyBudget * 1000, _todayMilli, cost, _draw.NextDouble())) return null;

        var serve = new AdServe(Guid.CreateVersion7(), Id, creative.Id, creative.VideoId, creative.ClickUrl, now + options.Value.ServeLifetime, ImageOf(creative));
        await Written(store.InsertServeAsync(serve, request, cost, now));
        _pending[serve.ServeId] = new PendingServe(cost, serve.ExpiresAt, _today);
        _todayMilli += cost;
        _pacing.Spent(cost);
        return serve;
    }

    public async Task<AdEventOutcome> ImpressionAsync(Guid serveId)
    {
        if (_row is null) return AdEventOutcome.Refused;
        var now = clock.GetUtcNow();
        var cpm = _row.Spec.BidKind == BidKind.Cpm;
        if (!await Written(store.ImpressionAsync(Id, serveId, cpm, now))) return AdEventOutcome.Refused;
        _impressions++;
        if (cpm && _pending.Remove(serveId, out var serve)) Spend(serve.ReservedMilli);
        return AdEventOutcome.Counted;
    }

    public async Task<AdEventOutcome> ClickAsync(Guid serveId)
    {
        if (_row is null) return AdEventOutcome.Refused;
        var now = clock.GetUtcNow();
        var cpc = _row.Spec.BidKind == BidKind.Cpc;
        if (!await Written(store.ClickAsync(Id, serveId, cpc, now))) return AdEventOutcome.Refused;
        _clicks++;
        if (cpc && _pending.Remove(serveId, out var serve)) Spend(serve.ReservedMilli);
        return AdEventOutcome.Counted;
    }

    public async Task SettleAsync()
    {
        if (_row is null) return;
        await store.SettleAsync(_row, options.Value.CreatorShare, _impressions, _clicks, clock.GetUtcNow());
        _unsettled = false;
    }

    private void Spend(long milli)
    {
        _spentMilli += milli;
        if (!_unsettled)
        {
            _unsettled = true;
            this.RegisterGrainTimer(SettleOnceAsync, new GrainTimerCreationOptions(options.Value.SettleEvery, Timeout.InfiniteTimeSpan) { Interleave = false });
        }
    }

    private Task SettleOnceAsync(CancellationToken _) => _unsettled ? SettleAsync() : Task.CompletedTask;

    /// <summary>Drops expired reservations (their budget is free again) and starts a new day's count at midnight UTC.</summary>
    private void Release(DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (day != _today) (_today, _todayMilli) = (day, 0);
        foreach (var (id, p) in _pending.Where(p => p.Value.ExpiresAt <= now).ToList())
        {
            _pending.Remove(id);
            if (p.Day == _today) _todayMilli -= p.ReservedMilli;
        }
    }

    private async Task LoadSpendAsync()
    {
        var now = clock.GetUtcNow();
        var spend = await store.SpendAsync(Id, now);
        (_spentMilli, _pending, _impressions, _clicks) = (spend.SpentMilli, spend.Pending, spend.Impressions, spend.Clicks);
        _today = DateOnly.FromDateTime(now.UtcDateTime);
        _todayMilli = spend.SpentTodayMilli + _pending.Values.Where(p => p.Day == _today).Sum(p => p.ReservedMilli);
        _pacing = new Pacing(options.Value.PacingLead, options.Value.PacingWindow);
        if (await store.HasUnsettledAsync(Id)) Spend(0);
    }

    /// <summary>A write whose outcome is unknown (it threw) leaves memory unsure of the rows: rebuild from them.</summary>
    private async Task<T> Written<T>(Task<T> write)
    {
        try { return await write; }
        catch { DeactivateOnIdle(); throw; }
    }

    private async Task Written(Task write)
    {
        try { await write; }
        catch { DeactivateOnIdle(); throw; }
    }
}
