using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Videos;

namespace SocialFlow.ApiHost.Tests.Feeds;

public static class FeedApi
{
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    public static async Task<JsonElement> HomeAsync(this HttpClient client, string bearer, string query = "")
    {
        var response = await client.GetAsync($"/api/v1/feed/home{query}", bearer);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"feed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    public static async Task<List<Guid>> HomeIdsAsync(this HttpClient client, string bearer) =>
        [.. (await client.HomeAsync(bearer, "?limit=50")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    /// <summary>Reads the feed until it satisfies the condition (fan-out is asynchronous); returns the last ids read.</summary>
    public static Task<List<Guid>> HomeIdsWhenAsync(this HttpClient client, string bearer, Func<List<Guid>, bool> done) =>
        Eventually.ValueAsync(() => client.HomeIdsAsync(bearer), done, Within);
}
