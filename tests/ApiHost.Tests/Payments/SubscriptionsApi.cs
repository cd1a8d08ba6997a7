using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialFlow.Grains.Infrastructure.Media;
using SocialFlow.Grains.Videos;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Tiers, subscriptions and what they open, through the API.</summary>
public static class SubscriptionsApi
{
    public static async Task<Guid> TierAsync(this HttpClient client, string creatorToken, int rank, long amount, string currency = "eur")
    {
        var response = await client.PostJsonAsync("/api/v1/creators/me/tiers",
            new { name = $"Tier {rank}", description = "backstage", perks = new[] { "badge" }, rank, amount, currency }, creatorToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> SubscribeAsync(this HttpClient client, string token, Guid planId, string card = "pm_card_de") =>
        client.PostJsonAsync("/api/v1/subscriptions", new { plan_id = planId, payment_method_id = card }, token);

    public static async Task<JsonElement> SubscribedAsync(this HttpClient client, string token, Guid planId, string card = "pm_card_de")
    {
        var response = await client.SubscribeAsync(token, planId, card);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> MineAsync(this HttpClient client, string token) =>
        (await (await client.GetAsync("/api/v1/subscriptions/mine", token)).ReadJsonAsync()).GetProperty("items");

    /// <summary>A ready video with its HLS master playlist and a segment stored, so that playing it answers 200 when allowed.</summary>
    public static async Task<Guid> PlayableVideoAsync(this ApiFixture api, HttpClient client, (Guid Id, string Token) owner, long? price = null)
    {
        var id = await api.VideoAsync(client, owner, price, "eur");
        var media = api.Factory.Services.GetRequiredService<IMediaStore>();
        await media.PutAsync(MediaKeys.Master(id), new MemoryStream("#EXTM3U\n"u8.ToArray()), "application/vnd.apple.mpegurl");
        await media.PutAsync(MediaKeys.RenditionFile(id, "240p", "seg_0001.ts"), new MemoryStream(new byte[188]), "video/mp2t");
        return id;
    }

    /// <summary>Asks for the master playlist (or, <paramref name="segment"/>, the first segment, which counts as watching).</summary>
    public static async Task<HttpStatusCode> PlayAsync(this HttpClient client, Guid videoId, string? token, bool segment = false)
    {
        var path = segment ? "240p/seg_0001.ts" : "master.m3u8";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/videos/{videoId}/stream/{path}");
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    public static async Task<string> StripeSubscriptionIdAsync(this ApiFixture api, Guid subscriptionId)
    {
        await using var cmd = api.Database.DataSource.CreateCommand("SELECT stripe_subscription_id FROM subscriptions WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = subscriptionId });
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The ledger lines of a subscription's paid invoices: (billing reason, account, amount), in the order written.</summary>
    public static async Task<List<(string Reason, string Account, long Amount)>> InvoiceLedgerAsync(this ApiFixture api, Guid subscriptionId)
    {
        await using var cmd = api.Database.DataSource.CreateCommand("""
            SELECT i.billing_reason, e.account, e.amount FROM subscription_invoices i
            JOIN ledger_transactions t ON t.invoice_id = i.invoice_id JOIN ledger_entries e ON e.transaction_id = t.id
            WHERE i.subscription_id = $1 ORDER BY t.created_at, e.id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = subscriptionId });
        var lines = new List<(string, string, long)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) lines.Add((r.GetString(0), r.GetString(1), r.GetInt64(2)));
        return lines;
    }

    /// <summary>Waits (bounded) until the subscription shows <paramref name="status"/> to its subscriber.</summary>
    public static async Task<JsonElement> AwaitStatusAsync(this HttpClient client, string token, Guid subscriptionId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var mine = await client.MineAsync(token);
            var s = mine.EnumerateArray().Single(x => x.GetProperty("id").GetGuid() == subscriptionId);
            if (s.GetProperty("status").GetString() == status || DateTime.UtcNow > deadline) return s;
            await Task.Delay(50);
        }
    }
}
