using System.Text.Json;
using SocialFlow.ApiHost.Tests.Moderation;

namespace SocialFlow.ApiHost.Tests.Trending;

[CollectionDefinition(Name)]
public sealed class TrendingCollection : ICollectionFixture<TrendingFixture>
{
    public const string Name = "trending";
}

/// <summary>
/// The trending profile: its own database (trends are global, so the default profile's other tests would crowd the
/// lists), silo tallies flushed every 100 ms and no reuse of a window's candidates or hashtags, so a read shows the
/// last flush and the last post.
/// </summary>
public sealed class TrendingFixture : ApiFixture
{
    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Trending:FlushInterval"] = "00:00:00.100",
        ["SocialFlow:Trending:CandidatesTtl"] = "00:00:00",
        ["SocialFlow:Trending:HashtagsRefresh"] = "00:00:00",
    };
}

public static class TrendingApi
{
    /// <summary>Asserts that the call succeeded, showing its status and body when it did not.</summary>
    public static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The list's items, best first (up to 100).</summary>
    public static async Task<List<JsonElement>> TrendsAsync(this HttpClient client, string what, string? bearer = null, string window = "1h")
    {
        var body = await client.OkJsonAsync($"/api/v1/trending/{what}?window={window}&limit=100", bearer);
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    public static async Task<List<Guid>> TrendingIdsAsync(this HttpClient client, string what, string? bearer = null, string window = "1h") =>
        [.. (await client.TrendsAsync(what, bearer, window)).Select(i => i.GetProperty("id").GetGuid())];

    public static double ScoreOf(this List<JsonElement> items, Guid id) =>
        items.Single(i => i.GetProperty("id").GetGuid() == id).GetProperty("score").GetDouble();
}
