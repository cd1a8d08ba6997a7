namespace SocialFlow.Grains.Ads;

/// <summary>
/// Spreads a daily budget over the (UTC) day. Two parts: a ceiling — by any moment, what was spent or reserved today may
/// not exceed the part of the day gone by plus <c>lead</c>, so a busy morning cannot take the whole budget — and an
/// adaptive throttle, the probability that an eligible request bids at all, which every <c>window</c> compares the
/// observed spend with the even pace of what is left (remaining budget over remaining time) and moves toward it
/// (multiplicatively, at most halving or doubling per window), so spend flows evenly instead of hitting the ceiling in
/// bursts. Amounts are in milli-units; pure, with time and the random draw given by the caller.
/// </summary>
public sealed class Pacing(TimeSpan lead, TimeSpan window)
{
    private const double MinProbability = 0.001;
    private DateTimeOffset _windowStart;
    private long _windowSpent;

    /// <summary>The throttle's current probability of bidding.</summary>
    public double Probability { get; private set; } = 1;

    /// <summary>Whether a request that would cost <paramref name="cost"/> may be served now, with <paramref name="spentToday"/>
    /// spent or reserved today and <paramref name="draw"/> uniform in [0, 1).</summary>
    public bool Allows(DateTimeOffset now, long dailyBudget, long spentToday, long cost, double draw)
    {
        Adapt(now, dailyBudget, spentToday);
        var elapsed = (now.UtcDateTime.TimeOfDay + lead).TotalDays;
        var ceiling = (long)(dailyBudget * Math.Min(1, elapsed));
        return spentToday + cost <= ceiling && draw < Probability;
    }

    /// <summary>Records what a served request reserved.</summary>
    public void Spent(long cost) => _windowSpent += cost;

    private void Adapt(DateTimeOffset now, long dailyBudget, long spentToday)
    {
        if (_windowStart == default || now.UtcDateTime.Date != _windowStart.UtcDateTime.Date)
        {
            (_windowStart, _windowSpent) = (now, 0);
            return;
        }
        var length = now - _windowStart;
        if (length < window) return;
        var remaining = TimeSpan.FromDays(1) - now.UtcDateTime.TimeOfDay;
        var target = Math.Max(0, dailyBudget - spentToday) * (length / remaining);
        if (_windowSpent > 0) Probability = Math.Clamp(Probability * Math.Clamp(target / _windowSpent, 0.5, 2), MinProbability, 1);
        else Probability = Math.Min(1, Probability * 2);
        (_windowStart, _windowSpent) = (now, 0);
    }
}
