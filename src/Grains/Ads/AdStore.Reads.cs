using System.Text.Json;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.Grains.Ads;

/// <summary>A serving campaign with its approved creatives, as each silo's <see cref="AdCatalog"/> keeps it.</summary>
public sealed record AdCandidate(
    Guid CampaignId, IReadOnlyList<Guid> CreativeIds, BidKind BidKind, long Bid, AdTargeting Targeting, FrequencyCap? Cap, long Impressions, long Clicks);

public sealed partial class AdStore
{
    public async Task<List<AdCandidate>> ServingAsync(DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            SELECT c.id, c.bid_kind, c.bid, c.targeting, c.cap_impressions, c.cap_hours, c.impressions, c.clicks, array_agg(cr.id ORDER BY cr.id)
            FROM ad_campaigns c JOIN ad_creatives cr ON cr.campaign_id = c.id AND cr.status = 'approved'
            WHERE c.status = 'active' AND c.starts_at <= $1 AND c.ends_at > $1
            GROUP BY c.id
            """);
        Tx.AddParameters(cmd, now);
        var serving = new List<AdCandidate>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            serving.Add(new AdCandidate(r.GetGuid(0), r.GetFieldValue<Guid[]>(8), Enum.Parse<BidKind>(r.GetString(1), true), r.GetInt64(2),
                JsonSerializer.Deserialize<AdTargeting>(r.GetString(3), Json)!, r.IsDBNull(4) ? null : new FrequencyCap(r.GetInt32(4), r.GetInt32(5)),
                r.GetInt64(6), r.GetInt64(7)));
        }
        return serving;
    }

    /// <summary>The viewer's served ads since a time, by campaign (their frequency caps count these).</summary>
    public async Task<List<(Guid CampaignId, DateTimeOffset ServedAt)>> ViewerServesAsync(Guid viewerId, DateTimeOffset since)
    {
        await using var cmd = db.CreateCommand("SELECT campaign_id, served_at FROM ad_serves WHERE viewer_id = $1 AND served_at > $2");
        Tx.AddParameters(cmd, viewerId, since);
        var served = new List<(Guid, DateTimeOffset)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) served.Add((r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1)));
        return served;
    }

    public async Task<(List<CampaignRow> Rows, PageCursor? Next)> CampaignsAsync(Guid advertiserId, PageCursor? after, int limit)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {CampaignColumns} FROM ad_campaigns
            WHERE advertiser_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
            ORDER BY created_at DESC, id DESC LIMIT $4
            """);
        Tx.AddParameters(cmd, advertiserId, new Npgsql.NpgsqlParameter { Value = (object?)after?.At ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
            after?.Id ?? Guid.Empty, limit + 1);
        var rows = new List<CampaignRow>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) rows.Add(ReadCampaign(r));
        }
        var next = rows.Count > limit ? new PageCursor(rows[limit - 1].CreatedAt, rows[limit - 1].Id) : null;
        return (rows.Take(limit).ToList(), next);
    }

    public async Task<List<AdDayRow>> AdvertiserDaysAsync(Guid advertiserId, Guid? campaignId, DateOnly from, DateOnly to)
    {
        await using var cmd = db.CreateCommand("""
            SELECT s.campaign_id, s.creative_id, (s.impression_at AT TIME ZONE 'UTC')::date AS day, count(*), count(s.click_at),
                   (sum(s.cost_milli) / 1000)::bigint, count(DISTINCT s.viewer_id), c.currency
            FROM ad_serves s JOIN ad_campaigns c ON c.id = s.campaign_id
            WHERE c.advertiser_id = $1 AND ($2::uuid IS NULL OR s.campaign_id = $2) AND s.impression_at IS NOT NULL
              AND s.impression_at >= $3 AND s.impression_at < $4
            GROUP BY 1, 2, 3, c.currency ORDER BY 3, 1, 2
            """);
        Tx.AddParameters(cmd, advertiserId, new Npgsql.NpgsqlParameter { Value = (object?)campaignId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
            Start(from), Start(to.AddDays(1)));
        var rows = new List<AdDayRow>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(new AdDayRow(r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<DateOnly>(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetString(7).Trim()));
        }
        return rows;
    }

    public async Task<List<CreatorAdDayRow>> CreatorDaysAsync(Guid creatorId, DateOnly from, DateOnly to)
    {
        await using var cmd = db.CreateCommand("""
            SELECT video_id, day, sum(creator_share)::bigint, currency FROM ad_settlements
            WHERE creator_id = $1 AND day >= $2 AND day <= $3 GROUP BY video_id, day, currency ORDER BY day, video_id
            """);
        Tx.AddParameters(cmd, creatorId, from, to);
        var rows = new List<CreatorAdDayRow>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add(new CreatorAdDayRow(r.GetGuid(0), r.GetFieldValue<DateOnly>(1), r.GetInt64(2), r.GetString(3).Trim()));
        return rows;
    }

    public async Task<Guid?> CampaignOfCreativeAsync(Guid creativeId)
    {
        await using var cmd = db.CreateCommand("SELECT campaign_id FROM ad_creatives WHERE id = $1");
        Tx.AddParameters(cmd, creativeId);
        return await cmd.ExecuteScalarAsync() is Guid id ? id : null;
    }

    public async Task<bool> VideoEnabledAsync(Guid videoId)
    {
        await using var cmd = db.CreateCommand("SELECT enabled FROM ad_video_settings WHERE video_id = $1");
        Tx.AddParameters(cmd, videoId);
        return await cmd.ExecuteScalarAsync() is true;
    }

    public async Task SetVideoEnabledAsync(Guid videoId, Guid ownerId, bool enabled, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO ad_video_settings (video_id, owner_id, enabled, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (video_id) DO UPDATE SET owner_id = excluded.owner_id, enabled = excluded.enabled, updated_at = excluded.updated_at
            """);
        Tx.AddParameters(cmd, videoId, ownerId, enabled, now);
        await cmd.ExecuteNonQueryAsync();
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
