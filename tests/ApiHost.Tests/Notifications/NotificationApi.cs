using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Videos;

namespace SocialFlow.ApiHost.Tests.Notifications;

/// <summary>Calls of the notification endpoints as a client app would, and a bounded wait for asynchronous effects.</summary>
public static class NotificationApi
{
    public static async Task<List<JsonElement>> ListAsync(this HttpClient api, string token, string query = "")
    {
        var response = await api.GetAsync($"/api/v1/notifications{query}", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()];
    }

    /// <summary>Polls the list (at most 10 s) until one notification of the type satisfies the condition.</summary>
    public static async Task<JsonElement?> WaitForAsync(this HttpClient api, string token, string type, Func<JsonElement, bool>? condition = null)
    {
        var items = await Eventually.ValueAsync(() => api.ListAsync(token),
            list => list.Any(n => n.GetProperty("type").GetString() == type && (condition?.Invoke(n) ?? true)));
        return items.Where(n => n.GetProperty("type").GetString() == type && (condition?.Invoke(n) ?? true)).Cast<JsonElement?>().FirstOrDefault();
    }

    public static async Task LikeAsync(this HttpClient api, Guid item, string token, string kind = "videos") =>
        Assert.Equal(HttpStatusCode.OK, (await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/{kind}/{item}/like", null, token)).StatusCode);

    public static async Task<long> UnreadAsync(this HttpClient api, string token) =>
        (await (await api.GetAsync("/api/v1/notifications/unread-count", token)).ReadJsonAsync()).GetProperty("unread_count").GetInt64();

    public static int Count(this JsonElement n) => n.GetProperty("actor_count").GetInt32();

    public static List<Guid> Actors(this JsonElement n) => [.. n.GetProperty("latest_actors").EnumerateArray().Select(a => a.GetProperty("id").GetGuid())];
}
