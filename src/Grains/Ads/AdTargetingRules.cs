using SocialFlow.Grains.Interfaces.Ads;

namespace SocialFlow.Grains.Ads;

/// <summary>Targeting and ranking, as pure functions: who a campaign may reach, and what an ad is expected to earn.</summary>
public static class AdTargetingRules
{
    /// <summary>Every restriction but followers (which needs the social graph) holds for this request and a viewer with these interests.</summary>
    public static bool Matches(AdTargeting t, AdRequest r, IReadOnlySet<string> interests) =>
        (t.Interests.Count == 0 || t.Interests.Any(interests.Contains))
        && (t.Tags.Count == 0 || t.Tags.Any(tag => r.VideoTags.Contains(tag, StringComparer.OrdinalIgnoreCase)))
        && (t.Locales.Count == 0 || (r.Locale is { } locale && t.Locales.Any(l => locale.Equals(l, StringComparison.OrdinalIgnoreCase)
            || locale.StartsWith(l + "-", StringComparison.OrdinalIgnoreCase))))
        && (t.Countries.Count == 0 || (r.Country is { } country && t.Countries.Contains(country, StringComparer.OrdinalIgnoreCase)))
        && (t.Devices.Count == 0 || t.Devices.Contains(r.Device, StringComparer.OrdinalIgnoreCase));

    /// <summary>The expected value of serving one ad, in milli-units: a CPM bid's cost of one impression, a CPC bid times
    /// the estimated click-through rate (clicks over impressions, smoothed by a prior of 1 % over 100 impressions).</summary>
    public static double ExpectedValue(AdCandidate c) => c.BidKind == BidKind.Cpm
        ? c.Bid
        : c.Bid * 1000.0 * EstimatedCtr(c.Impressions, c.Clicks);

    public static double EstimatedCtr(long impressions, long clicks) => (clicks + 1.0) / (impressions + 100.0);

    /// <summary>What one ad reserves, in milli-units: a CPM bid is per thousand impressions, so one impression costs the
    /// bid in thousandths; a CPC ad reserves one click.</summary>
    public static long Reservation(BidKind kind, long bid) => kind == BidKind.Cpm ? bid : bid * 1000;
}
