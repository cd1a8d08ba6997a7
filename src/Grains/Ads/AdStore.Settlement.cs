using SocialFlow.Grains.Infrastructure.Events;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Events;
using SocialFlow.Grains.Payments;

namespace SocialFlow.Grains.Ads;

public sealed partial class AdStore
{
    /// <summary>
    /// Credits a campaign's spend that is not settled yet, per creator, video and day, in one group commit of the payments
    /// ledger (<see cref="LedgerWriter"/>): a settlement row, its ad_revenue transaction (the advertiser debited the spend,
    /// the creator credited <paramref name="share"/> of it, the platform the rest), the serves marked, and the
    /// revenue_credited event. Spend is kept in milli-units per ad; a settlement charges whole minor units (the fraction
    /// of a unit left over per creator, video and day is not charged). Also writes the campaign's counts behind.
    /// </summary>
    public Task SettleAsync(CampaignRow campaign, decimal share, long impressions, long clicks, DateTimeOffset now) => ledger.WriteAsync(async tx =>
    {
        var groups = new List<(Guid Creator, Guid Video, DateOnly Day, long Milli)>();
        await using (var cmd = tx.Command("""
            SELECT creator_id, video_id, (coalesce(click_at, impression_at) AT TIME ZONE 'UTC')::date, sum(cost_milli)::bigint
            FROM ad_serves WHERE campaign_id = $1 AND settlement_id IS NULL AND cost_milli > 0
            GROUP BY 1, 2, 3
            """, campaign.Id))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) groups.Add((r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<DateOnly>(2), r.GetInt64(3)));
        }
        foreach (var g in groups) await SettleGroupAsync(tx, campaign, share, g, now);
        await tx.ExecuteAsync("UPDATE ad_campaigns SET impressions = $2, clicks = $3 WHERE id = $1", campaign.Id, impressions, clicks);
        return groups.Count > 0;
    });

    private static async Task SettleGroupAsync(Tx tx, CampaignRow campaign, decimal share, (Guid Creator, Guid Video, DateOnly Day, long Milli) g, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7();
        var spend = g.Milli / 1000;
        var creatorShare = Ledger.Part(spend, share);
        var currency = campaign.Spec.Currency;
        await tx.ExecuteAsync("""
            INSERT INTO ad_settlements (id, campaign_id, advertiser_id, creator_id, video_id, day, spend, creator_share, currency, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """, id, campaign.Id, campaign.AdvertiserId, g.Creator, g.Video, g.Day, spend, creatorShare, currency, now);
        await tx.ExecuteAsync("""
            UPDATE ad_serves SET settlement_id = $5 WHERE campaign_id = $1 AND settlement_id IS NULL AND cost_milli > 0 AND creator_id = $2
              AND video_id = $3 AND (coalesce(click_at, impression_at) AT TIME ZONE 'UTC')::date = $4
            """, campaign.Id, g.Creator, g.Video, g.Day, id);
        if (spend == 0) return;
        await PaymentStore.AppendTransactionAsync(tx, "ad_revenue", new LedgerSource(null, null, null, AdSettlementId: id), currency,
            Ledger.AdRevenue(campaign.AdvertiserId, g.Creator, spend, creatorShare), now);
        await EventOutbox.AppendAsync(tx, EventStreams.Ads, id, g.Creator, EventKinds.Ads.RevenueCredited, new
        {
            settlement_id = id,
            creator_id = g.Creator,
            video_id = g.Video,
            campaign_id = campaign.Id,
            amount = creatorShare,
            currency,
            day = g.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            at = now,
        });
    }
}
