using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Tests.Ads;

/// <summary>A campaign's reservations on its grain (the shared cluster serves ads for 2 s, SocialFlow:Ads:ServeLifetime, and paces with a lead of a day):
/// a budget is never reserved past, an ad that expires uncounted gives its reservation back, a counted one stays spent,
/// and a new activation rebuilds both from the rows.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReservationTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Reservation_UnusedUntilExpiry_IsReleased_ACountedOneStaysSpent_AcrossActivations()
    {
        var (advertiser, viewer) = (Guid.NewGuid(), Guid.NewGuid());
        var campaign = cluster.Grains.Ref<IAdCampaignGrain>(Guid.NewGuid());
        // A CPM bid of 1000 costs 1 per impression: a budget of 2 holds two ads at a time.
        await campaign.CreateAsync(advertiser, new CampaignSpec("c", "usd", 2, 2, BidKind.Cpm, 1000, DateTimeOffset.UtcNow.AddMinutes(-1),
            DateTimeOffset.UtcNow.AddDays(1), AdTargeting.Everyone, null, CampaignStatus.Active));
        var creative = (await campaign.AddCreativeAsync(advertiser, new CreativeSpec(await ReadyVideoAsync(advertiser), "https://a.example"))).Creative!.Id;
        await campaign.ModerateCreativeAsync(creative, ContentAction.Approve, new AuditActor(null, "test"), "fine");
        var request = new AdRequest(viewer, Guid.NewGuid(), Guid.NewGuid(), [], null, null, "desktop");

        var first = (await campaign.ReserveAsync(request, creative)).Serve;
        var second = (await campaign.ReserveAsync(request, creative)).Serve;
        var third = (await campaign.ReserveAsync(request, creative)).Serve;
        Assert.Equal(AdEventOutcome.Counted, await campaign.ImpressionAsync(first!.ServeId));
        var held = await campaign.GetAsync(advertiser);
        await Task.Delay(second!.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        var afterExpiry = (await campaign.ReserveAsync(request, creative)).Serve;
        var overBudget = (await campaign.ReserveAsync(request, creative)).Serve;
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var rebuilt = await campaign.GetAsync(advertiser);

        Assert.Null(third);
        Assert.Equal((1L, 1L), (held!.Spent, held.Reserved));
        Assert.NotNull(afterExpiry);
        Assert.Null(overBudget);
        Assert.Equal(AdEventOutcome.Refused, await campaign.ImpressionAsync(second.ServeId));
        Assert.Equal((1L, 1L), (rebuilt!.Spent, rebuilt.Reserved));
    }

    [Fact]
    public async Task ConcurrentReservations_Interleaved_ServeExactlyTheBudget_AndImpressionsSpendEachOnce()
    {
        var (campaign, advertiser, creative) = await ServingCampaignAsync(budget: 50);

        var served = (await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => campaign.ReserveAsync(AnyViewer(), creative))))
            .Select(r => r.Serve).OfType<AdServe>().ToList();
        var counts = await Task.WhenAll(served.Concat(served).Select(s => campaign.ImpressionAsync(s.ServeId)));
        var after = await campaign.GetAsync(advertiser);
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var rebuilt = await campaign.GetAsync(advertiser);

        Assert.Equal(50, served.Select(s => s.ServeId).Distinct().Count());
        Assert.Equal(50, counts.Count(c => c == AdEventOutcome.Counted));
        Assert.Equal((50L, 0L), (after!.Spent, after.Reserved));
        Assert.Equal((50L, 0L), (rebuilt!.Spent, rebuilt.Reserved));
    }

    [Fact]
    public async Task ABudgetLowered_WhileReservationsInterleave_IsNeverPassed()
    {
        var (campaign, advertiser, creative) = await ServingCampaignAsync(budget: 50);

        var before = Enumerable.Range(0, 20).Select(_ => campaign.ReserveAsync(AnyViewer(), creative)).ToList();
        var lowering = campaign.UpdateAsync(advertiser, new CampaignChanges(null, 30, 30, null, null, null, null, null));
        var afterwards = Enumerable.Range(0, 280).Select(_ => campaign.ReserveAsync(AnyViewer(), creative)).ToList();
        var served = (await Task.WhenAll(before.Concat(afterwards))).Count(r => r.Serve is not null);
        var lowered = await lowering;
        var later = (await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => campaign.ReserveAsync(AnyViewer(), creative)))).Count(r => r.Serve is not null);
        var held = await campaign.GetAsync(advertiser);

        // The change is refused if more than 30 were held when it was decided; either way nothing passes the budget in force.
        var budget = lowered.Outcome == CampaignOutcome.Done ? 30 : 50;
        Assert.Equal(budget, served + later);
        Assert.Equal((0L, (long)budget), (held!.Spent, held.Reserved));
        Assert.Equal(budget, held.Spec.TotalBudget);
    }

    private static AdRequest AnyViewer() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), [], null, null, "desktop");

    /// <summary>A CPM campaign whose every ad costs 1 (a bid of 1000 per thousand), with an approved creative.</summary>
    private async Task<(IAdCampaignGrain Campaign, Guid Advertiser, Guid Creative)> ServingCampaignAsync(long budget)
    {
        var advertiser = Guid.NewGuid();
        var campaign = cluster.Grains.Ref<IAdCampaignGrain>(Guid.NewGuid());
        await campaign.CreateAsync(advertiser, new CampaignSpec("c", "usd", budget, budget, BidKind.Cpm, 1000, DateTimeOffset.UtcNow.AddMinutes(-1),
            DateTimeOffset.UtcNow.AddDays(1), AdTargeting.Everyone, null, CampaignStatus.Active));
        var creative = (await campaign.AddCreativeAsync(advertiser, new CreativeSpec(await ReadyVideoAsync(advertiser), "https://a.example"))).Creative!.Id;
        await campaign.ModerateCreativeAsync(creative, ContentAction.Approve, new AuditActor(null, "test"), "fine");
        return (campaign, advertiser, creative);
    }

    /// <summary>A ready video as a finished recording leaves it (this cluster runs no transcoding worker to fail it first).</summary>
    private async Task<Guid> ReadyVideoAsync(Guid owner)
    {
        var id = Guid.CreateVersion7();
        var video = cluster.Grains.Ref<IVideoGrain>(id);
        Assert.True(await video.CreateFromRecordingAsync(owner, new NewVideo("ad", "", [], VideoVisibility.Public, 1000)));
        Assert.True(await video.CompleteProcessingAsync(new ProcessedMedia(5, 320, 240, [new Rendition("240p", 320, 240, 400)], 1)));
        return id;
    }
}
