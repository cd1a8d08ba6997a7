using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Analytics;

[CollectionDefinition(Name)]
public sealed class AnalyticsCollection : ICollectionFixture<AnalyticsFixture>
{
    public const string Name = "analytics";
}

/// <summary>
/// The analytics profile: its own database (the platform's rollups and a day's rebuild are global, so other tests'
/// events would change them), likes counted every 100 ms.
/// </summary>
public sealed class AnalyticsFixture : ApiFixture
{
    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:Analytics:LikeInterval"] = "00:00:00.100",
    };

    /// <summary>A creator (token), one of their videos, and the rollup value of a metric.</summary>
    public async Task<(Guid Id, string Token, Guid Video)> CreatorWithVideoAsync()
    {
        var (id, token) = await Factory.UserAsync(Database.ConnectionString);
        return (id, token, await Factory.ItemAsync(id));
    }

    public async Task<long> RollupAsync(string scope, Guid key, string period, string metric) =>
        await Database.ScalarAsync<long?>("SELECT sum(value)::bigint FROM analytics_rollups WHERE scope = $1 AND key = $2 AND period = $3 AND metric = $4",
            scope, key, period, metric) ?? 0;

    public async Task<long> UniquesAsync(string scope, Guid key, string metric) =>
        await Database.ScalarAsync<long?>(
            "SELECT hll_cardinality(hll_union_agg(sketch))::bigint FROM analytics_uniques WHERE scope = $1 AND key = $2 AND period = 'day' AND metric = $3",
            scope, key, metric) ?? 0;
}

public static class AnalyticsApi
{
    public static object View(string type, Guid item, string? id = null, int? seconds = null, int? position = null, string? source = null, DateTimeOffset? at = null) => new
    {
        client_event_id = id ?? Guid.NewGuid().ToString("N"),
        type,
        item_id = item,
        seconds,
        position_percent = position,
        source,
        occurred_at = at ?? DateTimeOffset.UtcNow,
    };

    public static Task<HttpResponseMessage> TrackAsync(this HttpClient client, string? bearer, params object[] events) =>
        client.PostJsonAsync("/api/v1/analytics/track", new { platform = "web", events }, bearer);

    public static Task<HttpResponseMessage> TrackAnonymousAsync(this HttpClient client, string viewerId, params object[] events) =>
        client.PostJsonAsync("/api/v1/analytics/track", new { platform = "ios", viewer_id = viewerId, events });

    public static async Task<JsonElement> TrackOkAsync(this HttpClient client, string? bearer, params object[] events)
    {
        var response = await client.TrackAsync(bearer, events);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"track: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> DashboardAsync(this HttpClient client, string bearer, string query = "")
    {
        var response = await client.GetAsync($"/api/v1/analytics/dashboard?{query}", bearer);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"dashboard: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }
}
