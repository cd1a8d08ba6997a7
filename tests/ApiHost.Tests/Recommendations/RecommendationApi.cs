using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Recommendations;

public static class RecommendationApi
{
    public static async Task<List<JsonElement>> ForYouAsync(this HttpClient client, string token, int limit = 100)
    {
        var response = await client.GetAsync($"/api/v1/feed/for-you?limit={limit}", token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"for-you: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()];
    }

    public static Guid Id(this JsonElement item) => item.GetProperty("id").GetGuid();

    public static Guid Author(this JsonElement item) => item.GetProperty("author_id").GetGuid();

    public static Task<HttpResponseMessage> FeedbackAsync(this HttpClient client, string token, Guid item, string signal, int? seconds = null) =>
        client.PostJsonAsync("/api/v1/ml/feedback", new { item_id = item, signal, seconds }, token);

    public static async Task FollowAsync(this HttpClient client, string token, string username) =>
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/users/{username}/follow", null, token)).StatusCode);
}
