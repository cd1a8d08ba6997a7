using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Interests;
using SocialFlow.Grains.Interfaces.Social;

namespace SocialFlow.Grains.Ads;

/// <summary>
/// One viewer's ad decisions (key: the viewer). Not reentrant: each decision sees every earlier one, so a frequency
/// cap of N is exact under any number of concurrent requests. It keeps the viewer's served ads of the longest cap
/// window (rebuilt from ad_serves on activation) and the viewer's interests (from their interests grain on activation,
/// then told of each change), filters the silo's serving campaigns by targeting and cap, and asks the campaigns in
/// order of expected value until one reserves (at most <see cref="Attempts"/> that decline; one whose budget is spent
/// is left out by the silo's catalog for a while).
/// </summary>
public sealed class AdViewerGrain(AdStore store, AdCatalog catalog, TimeProvider clock) : Grain, IAdViewerGrain
{
    /// <summary>The longest frequency cap window a campaign may set (30 days).</summary>
    public const int MaxCapHours = 720;

    private const int Attempts = 5;
    private readonly List<(Guid CampaignId, DateTimeOffset ServedAt)> _served = [];
    private readonly Random _pick = new();
    private HashSet<string> _interests = [];

    private Guid ViewerId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _served.AddRange(await store.ViewerServesAsync(ViewerId, clock.GetUtcNow().AddHours(-MaxCapHours)));
        _interests = [.. (await GrainFactory.Ref<IInterestsGrain>(ViewerId).InterestsAsync()).Select(i => i.Interest)];
    }

    public Task InterestsChangedAsync(IReadOnlyList<string> interests)
    {
        _interests = [.. interests];
        return Task.CompletedTask;
    }

    public async Task<AdServe?> DecideAsync(AdRequest request)
    {
        var now = clock.GetUtcNow();
        _served.RemoveAll(s => s.ServedAt <= now.AddHours(-MaxCapHours));
        var candidates = (await catalog.ServingAsync())
            .Where(c => !catalog.IsSpent(c.CampaignId, now) && AdTargetingRules.Matches(c.Targeting, request, _interests) && UnderCap(c, now))
            .OrderByDescending(AdTargetingRules.ExpectedValue)
            .ThenBy(_ => _pick.Next()) // equal bids share the traffic
            .ToList();
        var tried = 0;
        foreach (var candidate in candidates)
        {
            if (tried == Attempts) break;
            if (!await FollowsAnyAsync(candidate.Targeting.FollowersOf)) continue;
            var creative = candidate.CreativeIds[_pick.Next(candidate.CreativeIds.Count)];
            var reservation = await GrainFactory.Ref<IAdCampaignGrain>(candidate.CampaignId).ReserveAsync(request with { ViewerId = ViewerId }, creative);
            if (reservation.Serve is { } serve)
            {
                _served.Add((candidate.CampaignId, now));
                return serve;
            }
            // A spent campaign is asked once per silo per pause, so it need not count against the attempts.
            if (reservation.Refusal == ReserveRefusal.Spent) catalog.Spent(candidate.CampaignId, now);
            else tried++;
        }
        return null;
    }

    private bool UnderCap(AdCandidate c, DateTimeOffset now) => c.Cap is not { } cap
        || _served.Count(s => s.CampaignId == c.CampaignId && s.ServedAt > now.AddHours(-cap.Hours)) < cap.Impressions;

    private async Task<bool> FollowsAnyAsync(IReadOnlyList<Guid> accounts)
    {
        if (accounts.Count == 0) return true;
        foreach (var account in accounts)
        {
            if ((await GrainFactory.Ref<ISocialGraphGrain>(account).GetRelationAsync(ViewerId, withFollow: true)).Follows) return true;
        }
        return false;
    }
}
