using System.Net;
using System.Text.Json;
using SocialFlow.Grains.Interfaces.Moderation;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>What the content moderation tests share: a moderator, audit rows of an item, watched words set for one test.</summary>
public static class ContentModerationApi
{
    public static AuditActor Moderator(Guid userId) => new(userId, "test-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A word no other text will contain by chance. Consonants only: a word of hex digits that happened to be all digits read as a number to the spam model,
    /// which then flagged the post too (CI once saw "model:spam" beside the watched word); without vowels no word forms.</summary>
    public static string UniqueWord() => "zq" + string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => "bcdfghjklmnpqrst"[Convert.ToInt32(c.ToString(), 16)]));

    public static Task<long> AuditCountAsync(this ApiFixture api, Guid target) => api.Database.ScalarAsync<long>(
        "SELECT count(*) FROM audit_log WHERE action = 'content.moderated' AND target_id = $1", target.ToString());

    public static Task<long> FlaggedCountAsync(this ApiFixture api, Guid target) => api.Database.ScalarAsync<long>(
        "SELECT count(*) FROM outbox_events WHERE stream_namespace = 'moderation' AND kind = 'flagged' AND stream_key = $1", target);

    /// <summary>Replaces the (global) watched words; tests put them back to none when they end.</summary>
    public static async Task SetWatchedWordsAsync(this HttpClient client, string moderatorToken, params (string Pattern, string Action)[] words)
    {
        var body = new { words = words.Select(w => new { pattern = w.Pattern, match = "word", action = w.Action }).ToArray() };
        var response = await client.SendJsonAsync(HttpMethod.Put, "/api/v1/admin/moderation/watched-words", body, moderatorToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<JsonElement> OkJsonAsync(this HttpClient client, string url, string? bearer)
    {
        var response = bearer is null ? await client.GetAsync(url) : await client.GetAsync(url, bearer);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    public static async Task<List<Guid>> ItemIdsAsync(this HttpClient client, string url, string? bearer) =>
        [.. (await client.OkJsonAsync(url, bearer)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    public static async Task<HttpStatusCode> StatusAsync(this HttpClient client, string url, string? bearer) =>
        (bearer is null ? await client.GetAsync(url) : await client.GetAsync(url, bearer)).StatusCode;

    /// <summary>Up to 100 items of the moderation queue (<paramref name="query"/>: its filters).</summary>
    public static async Task<List<JsonElement>> QueueAsync(this HttpClient client, string token, string query) =>
        [.. (await client.OkJsonAsync($"/api/v1/moderation/queue?limit=100&{query}", token)).GetProperty("items").EnumerateArray()];

    public static Task<HttpResponseMessage> ResolveAsync(this HttpClient client, string token, Guid caseId, object body) =>
        client.PostJsonAsync($"/api/v1/moderation/queue/{caseId}/resolve", body, token);
}
