using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SocialFlow.Grains.Infrastructure.Postgres;
using SocialFlow.Grains.Interfaces.Ads;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Moderation;
using SocialFlow.Grains.Payments;
using SocialFlow.Grains.Posts;

namespace SocialFlow.Grains.Ads;

/// <summary>A campaign's row as its grain holds it.</summary>
public sealed record CampaignRow(Guid Id, Guid AdvertiserId, CampaignSpec Spec, DateTimeOffset CreatedAt);

/// <summary>
/// The ads tables (migrations 0125, 0126): campaigns and creatives (<c>AdStore.cs</c>), served ads and their spend
/// (<c>.Serves</c>), settlements into the payments ledger (<c>.Settlement</c>), and the reads across campaigns (<c>.Reads</c>).
/// </summary>
public sealed partial class AdStore(NpgsqlDataSource db, LedgerWriter ledger)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task InsertCampaignAsync(CampaignRow c, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO ad_campaigns (id, advertiser_id, name, currency, total_budget, daily_budget, bid_kind, bid, starts_at, ends_at,
                                      targeting, cap_impressions, cap_hours, status, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, $15)
            """);
        Tx.AddParameters(cmd, [c.Id, c.AdvertiserId, .. SpecColumns(c.Spec), now]);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task UpdateCampaignAsync(Guid id, CampaignSpec spec, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE ad_campaigns SET name = $2, currency = $3, total_budget = $4, daily_budget = $5, bid_kind = $6, bid = $7, starts_at = $8,
                ends_at = $9, targeting = $10::jsonb, cap_impressions = $11, cap_hours = $12, status = $13, updated_at = $14
            WHERE id = $1
            """);
        Tx.AddParameters(cmd, [id, .. SpecColumns(spec), now]);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<CampaignRow?> CampaignAsync(Guid id)
    {
        await using var cmd = db.CreateCommand($"SELECT {CampaignColumns} FROM ad_campaigns WHERE id = $1");
        Tx.AddParameters(cmd, id);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? ReadCampaign(r) : null;
    }

    public async Task<List<CreativeView>> CreativesAsync(Guid campaignId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, video_id, click_url, status, created_at, image_id FROM ad_creatives WHERE campaign_id = $1 ORDER BY created_at, id
            """);
        Tx.AddParameters(cmd, campaignId);
        var creatives = new List<CreativeView>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            creatives.Add(new CreativeView(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetString(2), Enum.Parse<CreativeStatus>(r.GetString(3), true),
                r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetGuid(5)));
        }
        return creatives;
    }

    /// <summary>A new creative, pending, with the moderation queue's flag in the same commit; an image creative claims its
    /// image there too (false, nothing written: the image is not the advertiser's free upload).</summary>
    public async Task<bool> InsertCreativeAsync(Guid campaignId, Guid advertiserId, CreativeView creative)
    {
        await using var tx = await Tx.BeginAsync(db);
        if (creative.ImageId is { } image && !await PostImageClaims.ClaimForCreativeAsync(tx, image, advertiserId, creative.Id)) return false;
        await tx.ExecuteAsync("""
            INSERT INTO ad_creatives (id, campaign_id, video_id, image_id, click_url, status, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6)
            """, creative.Id, campaignId, Uuid(creative.VideoId), Uuid(creative.ImageId), creative.ClickUrl, creative.CreatedAt);
        await AdReview.RequestAsync(tx, creative.Id, advertiserId, creative.CreatedAt);
        await tx.CommitAsync();
        return true;
    }

    /// <summary>A moderator's decision on a creative with its content.moderated audit row, in one commit.</summary>
    public async Task ReviewCreativeAsync(Guid campaignId, Guid creativeId, bool approved, ContentAction action, AuditActor by, string reason, DateTimeOffset now)
    {
        await using var tx = await Tx.BeginAsync(db);
        await tx.ExecuteAsync("UPDATE ad_creatives SET status = $3, reviewed_at = $4 WHERE id = $2 AND campaign_id = $1",
            campaignId, creativeId, approved ? "approved" : "rejected", now);
        await ContentAudit.AppendAsync(tx, by, ModerationTargetType.AdCreative, creativeId, action, reason);
        await tx.CommitAsync();
    }

    private const string CampaignColumns = """
        id, advertiser_id, name, currency, total_budget, daily_budget, bid_kind, bid, starts_at, ends_at, targeting, cap_impressions, cap_hours,
        status, created_at
        """;

    internal static CampaignRow ReadCampaign(NpgsqlDataReader r) => new(r.GetGuid(0), r.GetGuid(1), new CampaignSpec(
        r.GetString(2), r.GetString(3).Trim(), r.GetInt64(4), r.GetInt64(5), Enum.Parse<BidKind>(r.GetString(6), true), r.GetInt64(7),
        r.GetFieldValue<DateTimeOffset>(8), r.GetFieldValue<DateTimeOffset>(9), JsonSerializer.Deserialize<AdTargeting>(r.GetString(10), Json)!,
        r.IsDBNull(11) ? null : new FrequencyCap(r.GetInt32(11), r.GetInt32(12)), Enum.Parse<CampaignStatus>(r.GetString(13), true)),
        r.GetFieldValue<DateTimeOffset>(14));

    private static object[] SpecColumns(CampaignSpec s) =>
    [
        s.Name, s.Currency, s.TotalBudget, s.DailyBudget, s.BidKind.ToString().ToLowerInvariant(), s.Bid, s.StartsAt, s.EndsAt,
        JsonSerializer.Serialize(s.Targeting, Json), NullableInt(s.FrequencyCap?.Impressions), NullableInt(s.FrequencyCap?.Hours),
        s.Status.ToString().ToLowerInvariant(),
    ];

    private static NpgsqlParameter Uuid(Guid? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid };

    private static NpgsqlParameter NullableInt(int? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer };
}
