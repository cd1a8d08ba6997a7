using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Ads;

namespace SocialFlow.Grains.Ads;

/// <summary>A served ad whose reservation is still held: a CPM ad before its impression, a CPC ad before its click.</summary>
public sealed record PendingServe(long ReservedMilli, DateTimeOffset ExpiresAt, DateOnly Day);

/// <summary>What a campaign's grain rebuilds from its served ads on activation.</summary>
public sealed record CampaignSpend(long SpentMilli, long SpentTodayMilli, Dictionary<Guid, PendingServe> Pending, long Impressions, long Clicks);

public sealed partial class AdStore
{
    public async Task<CampaignSpend> SpendAsync(Guid campaignId, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        await using var cmd = db.CreateCommand("""
            SELECT coalesce(sum(cost_milli), 0)::bigint, coalesce(sum(cost_milli) FILTER (WHERE served_at >= $2), 0)::bigint,
                   count(impression_at), count(click_at)
            FROM ad_serves WHERE campaign_id = $1
            """);
        Tx.AddParameters(cmd, campaignId, dayStart);
        long spent, spentToday, impressions, clicks;
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            (spent, spentToday, impressions, clicks) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
        }
        await using var pendingCmd = db.CreateCommand("""
            SELECT id, reserved_milli, expires_at, served_at FROM ad_serves
            WHERE campaign_id = $1 AND expires_at > $2 AND cost_milli = 0 AND click_at IS NULL
            """);
        Tx.AddParameters(pendingCmd, campaignId, now);
        var pending = new Dictionary<Guid, PendingServe>();
        await using var p = await pendingCmd.ExecuteReaderAsync();
        while (await p.ReadAsync())
        {
            pending[p.GetGuid(0)] = new PendingServe(p.GetInt64(1), p.GetFieldValue<DateTimeOffset>(2), DateOnly.FromDateTime(p.GetFieldValue<DateTimeOffset>(3).UtcDateTime));
        }
        return new CampaignSpend(spent, spentToday, pending, impressions, clicks);
    }

    /// <summary>Counts the impression once, before the serve expires; a CPM ad spends its reservation. False: not counted.</summary>
    public async Task<bool> ImpressionAsync(Guid campaignId, Guid serveId, bool spends, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE ad_serves SET impression_at = $3, cost_milli = CASE WHEN $4 THEN reserved_milli ELSE 0 END
            WHERE id = $2 AND campaign_id = $1 AND impression_at IS NULL AND expires_at > $3
            """);
        Tx.AddParameters(cmd, campaignId, serveId, now, spends);
        return await cmd.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>Counts a click once, only after the impression and before the serve expires; a CPC ad spends its reservation.</summary>
    public async Task<bool> ClickAsync(Guid campaignId, Guid serveId, bool spends, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE ad_serves SET click_at = $3, cost_milli = CASE WHEN $4 THEN reserved_milli ELSE cost_milli END
            WHERE id = $2 AND campaign_id = $1 AND impression_at IS NOT NULL AND click_at IS NULL AND expires_at > $3
            """);
        Tx.AddParameters(cmd, campaignId, serveId, now, spends);
        return await cmd.ExecuteNonQueryAsync() == 1;
    }

    public async Task<bool> HasUnsettledAsync(Guid campaignId)
    {
        await using var cmd = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM ad_serves WHERE campaign_id = $1 AND settlement_id IS NULL AND cost_milli > 0)");
        Tx.AddParameters(cmd, campaignId);
        return await cmd.ExecuteScalarAsync() is true;
    }
}
