using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Recommendations;

public static class RecommendationApi
{
    public static async Task<List<JsonElement>> ForYouAsync(this HttpClient client, string token, int limit = 100) =>
        (await client.ForYouPageAsync(token, limit, null)).Items;

    public static async Task<(List<JsonElement> Items, string? Next)> ForYouPageAsync(this HttpClient client, string token, int limit, string? cursor)
    {
        var response = await client.GetAsync($"/api/v1/feed/for-you?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"for-you: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.ReadJsonAsync();
        var next = body.GetProperty("next_cursor");
        return ([.. body.GetProperty("items").EnumerateArray()], next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    /// <summary>Every item of a session, pages of 100 following the cursors (from <paramref name="cursor"/>, or a new session), at most 10 pages.</summary>
    public static async Task<List<JsonElement>> AllForYouAsync(this HttpClient client, string token, string? cursor = null)
    {
        var all = new List<JsonElement>();
        for (var page = 0; page < 10; page++)
        {
            var (items, next) = await client.ForYouPageAsync(token, 100, cursor);
            all.AddRange(items);
            if ((cursor = next) is null) break;
        }
        return all;
    }

    public static Guid Id(this JsonElement item) => item.GetProperty("id").GetGuid();

    public static Guid Author(this JsonElement item) => item.GetProperty("author_id").GetGuid();

    public static Task<HttpResponseMessage> FeedbackAsync(this HttpClient client, string token, Guid item, string signal, int? seconds = null) =>
        client.PostJsonAsync("/api/v1/ml/feedback", new { item_id = item, signal, seconds }, token);

    public static async Task FollowAsync(this HttpClient client, string token, string username) =>
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/users/{username}/follow", null, token)).StatusCode);
}
