using SocialFlow.Grains.Interfaces.Ads;

namespace SocialFlow.Grains.Ads;

/// <summary>
/// Reservations, counting and settlement. An ad reserves its cost (milli-units) before it is served: the reservation is
/// refused when spent + reserved + this cost would pass the total budget, or today's spent + reserved would pass the
/// daily budget or its pace. The impression (CPM) or click (CPC) turns the reservation into spend; an ad that expires
/// uncounted releases it. Every change is written before it is answered; when a write's outcome is unknown the grain
/// deactivates and rebuilds from the rows.
/// Reservations, impressions and clicks interleave (a campaign many viewers ask for at once would otherwise serve one
/// ad per database round trip): each decides and changes memory before its first await, so a decision sees every
/// earlier one, and its write then joins the silo's group commit. A reservation whose write fails stays reserved
/// until the grain rebuilds (too much held is safe, too little is not); an ad being counted is not released as expired
/// meanwhile; while a change of the campaign is being written, nothing is reserved under its old budget.
/// </summary>
public sealed partial class AdCampaignGrain
{
    private readonly Random _draw = new();
    private readonly HashSet<Guid> _counting = [];
    private Dictionary<Guid, PendingServe> _pending = [];
    private long _spentMilli;
    private long _todayMilli;
    private DateOnly _today;
    private long _impressions;
    private long _clicks;
    private bool _unsettled;
    private Pacing _pacing = null!;
    private bool _changing;

    public async Task<Reservation> ReserveAsync(AdRequest request, Guid creativeId)
    {
        var now = clock.GetUtcNow();
        if (_row is not { Spec: var spec } || _changing || spec.Status != CampaignStatus.Active || now < spec.StartsAt || now >= spec.EndsAt) return Reservation.Declined;
        if (_creatives.Find(c => c.Id == creativeId) is not { Status: CreativeStatus.Approved } creative) return Reservation.Declined;
        Release(now);
        var cost = AdTargetingRules.Reservation(spec.BidKind, spec.Bid);
        var reserved = _pending.Values.Sum(p => p.ReservedMilli);
        if (_spentMilli + reserved + cost > spec.TotalBudget * 1000) return Reservation.Spent;
        if (_todayMilli + cost > spec.DailyBudget * 1000) return Reservation.Spent;
        if (!_pacing.Allows(now, spec.DailyBudget * 1000, _todayMilli, cost, _draw.NextDouble())) return Reservation.Declined;

        var serve = new AdServe(Guid.CreateVersion7(), Id, creative.Id, creative.VideoId, creative.ClickUrl, now + options.Value.ServeLifetime, ImageOf(creative));
        _pending[serve.ServeId] = new PendingServe(cost, serve.ExpiresAt, _today);
        _todayMilli += cost;
        _pacing.Spent(cost);
        await Written(writer.InsertAsync(new ServedAdRow(serve.ServeId, Id, creative.Id, request.ViewerId, request.VideoId, request.CreatorId, cost, now, serve.ExpiresAt)));
        return new Reservation(serve, ReserveRefusal.None);
    }

    public async Task<AdEventOutcome> ImpressionAsync(Guid serveId)
    {
        if (_row is null) return AdEventOutcome.Refused;
        var cpm = _row.Spec.BidKind == BidKind.Cpm;
        if (!await CountAsync(serveId, cpm, store.ImpressionAsync)) return AdEventOutcome.Refused;
        _impressions++;
        return AdEventOutcome.Counted;
    }

    public async Task<AdEventOutcome> ClickAsync(Guid serveId)
    {
        if (_row is null) return AdEventOutcome.Refused;
        var cpc = _row.Spec.BidKind == BidKind.Cpc;
        if (!await CountAsync(serveId, cpc, store.ClickAsync)) return AdEventOutcome.Refused;
        _clicks++;
        return AdEventOutcome.Counted;
    }

    public async Task SettleAsync()
    {
        if (_row is null) return;
        // Spend counted while this settlement runs may miss it: it must schedule the next one.
        _unsettled = false;
        try
        {
            await store.SettleAsync(_row, options.Value.CreatorShare, _impressions, _clicks, clock.GetUtcNow());
        }
        catch
        {
            _unsettled = true;
            throw;
        }
    }

    /// <summary>Counts an impression or click in its row; when it spends, its reservation becomes spend. Held as being
    /// counted meanwhile, so an interleaved reservation does not release it as expired.</summary>
    private async Task<bool> CountAsync(Guid serveId, bool spends, Func<Guid, Guid, bool, DateTimeOffset, Task<bool>> count)
    {
        if (!_counting.Add(serveId)) return false;
        try
        {
            if (!await Written(count(Id, serveId, spends, clock.GetUtcNow()))) return false;
            if (spends && _pending.Remove(serveId, out var serve)) Spend(serve.ReservedMilli);
            return true;
        }
        finally
        {
            _counting.Remove(serveId);
        }
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
        foreach (var (id, p) in _pending.Where(p => p.Value.ExpiresAt <= now && !_counting.Contains(p.Key)).ToList())
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
