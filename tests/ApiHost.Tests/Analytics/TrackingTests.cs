using System.Net;
using System.Text;
using static SocialFlow.ApiHost.Tests.Analytics.AnalyticsApi;

namespace SocialFlow.ApiHost.Tests.Analytics;

/// <summary>POST /analytics/track: batch limits, duplicates, schema and clock skew.</summary>
[Collection(AnalyticsCollection.Name)]
public sealed class TrackingTests(AnalyticsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Track_101Events_Is413_AndStoresNothing()
    {
        var (_, token, video) = await api.CreatorWithVideoAsync();
        var events = Enumerable.Range(0, 101).Select(_ => View("view_start", video)).ToArray();

        await (await _client.TrackAsync(token, events)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, await api.RollupAsync("item", video, "day", "views"));
        await _client.TrackOkAsync(token, [.. events.Take(100)]); // 100 is the limit, not over it
        Assert.Equal(100, await api.RollupAsync("item", video, "day", "views"));
    }

    [Fact]
    public async Task Track_BodyOver1MiB_Is413()
    {
        var (_, token, video) = await api.CreatorWithVideoAsync();
        var padded = $$"""{"events":[{"client_event_id":"x","type":"view_start","item_id":"{{video}}","occurred_at":"{{DateTimeOffset.UtcNow:O}}","source":"{{new string('a', 1024 * 1024)}}"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analytics/track") { Content = new StringContent(padded, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);

        await (await _client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, await api.RollupAsync("item", video, "day", "views"));
    }

    [Fact]
    public async Task Track_DuplicateClientEventIds_AreDropped_AndCountOnce()
    {
        var (_, token, video) = await api.CreatorWithVideoAsync();
        var start = View("view_start", video, id: "start-1");
        var progress = View("view_progress", video, id: "progress-1", seconds: 30);

        var first = await _client.TrackOkAsync(token, start, progress, start);
        var again = await _client.TrackOkAsync(token, start, progress);

        Assert.Equal((2, 1), (first.GetProperty("accepted").GetInt32(), first.GetProperty("duplicates").GetInt32()));
        Assert.Equal((0, 2), (again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        Assert.Equal(1, await api.RollupAsync("item", video, "hour", "views"));
        Assert.Equal(30, await api.RollupAsync("item", video, "day", "watch_seconds"));
        // Another viewer's event with the same client id is theirs, not a duplicate.
        var (_, other) = await api.Factory.UserAsync(api.Database.ConnectionString);
        Assert.Equal(1, (await _client.TrackOkAsync(other, start)).GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Track_SchemaViolations_Are400WithFieldErrors_AndStoreNothing()
    {
        var (_, token, video) = await api.CreatorWithVideoAsync();
        var response = await _client.TrackAsync(token,
            View("view_start", video),
            new { client_event_id = "a", type = "teleport", item_id = video, occurred_at = DateTimeOffset.UtcNow },
            new { client_event_id = "b", type = "share", occurred_at = DateTimeOffset.UtcNow },
            new { client_event_id = "c", type = "view_end", item_id = video, seconds = 5, position_percent = 140, occurred_at = DateTimeOffset.UtcNow },
            new { client_event_id = "d e", type = "share", item_id = video, seconds = 3, occurred_at = DateTimeOffset.UtcNow });

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        foreach (var field in new[] { "events[1].type", "events[2].item_id", "events[3].position_percent", "events[4].client_event_id", "events[4].seconds" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }
        Assert.Equal(0, await api.RollupAsync("item", video, "day", "views"));
    }

    [Theory]
    [InlineData(10 * 60)] // ten minutes ahead of the server
    [InlineData(-25 * 3600)] // over a day old
    public async Task Track_ClockOutsideTheSkewBound_Is400_AndStoresNothing(int offsetSeconds)
    {
        var (_, token, video) = await api.CreatorWithVideoAsync();
        var response = await _client.TrackAsync(token, View("view_start", video), View("view_start", video, at: DateTimeOffset.UtcNow.AddSeconds(offsetSeconds)));

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("events[1].occurred_at", out _), errors.ToString());
        Assert.Equal(0, await api.RollupAsync("item", video, "day", "views"));
        await _client.TrackOkAsync(token, View("view_start", video, at: DateTimeOffset.UtcNow.AddMinutes(2))); // within the skew
    }

    [Fact]
    public async Task Track_Anonymous_NeedsAViewerId()
    {
        var (_, _, video) = await api.CreatorWithVideoAsync();

        await (await _client.TrackAsync(null, View("view_start", video))).AssertProblemAsync(HttpStatusCode.BadRequest, "viewer_id_required");
        var ok = await _client.TrackAnonymousAsync("viewer-analytics-000001", View("view_start", video));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1, await api.RollupAsync("item", video, "day", "views"));
    }

    [Fact]
    public async Task Track_AnItemThatIsNotContent_IsNotCounted()
    {
        var (_, token, _) = await api.CreatorWithVideoAsync();
        var nothing = Guid.CreateVersion7();

        var result = await _client.TrackOkAsync(token, View("view_start", nothing));

        Assert.Equal((0, 1), (result.GetProperty("accepted").GetInt32(), result.GetProperty("unknown_items").GetInt32()));
        Assert.Equal(0, await api.RollupAsync("item", nothing, "day", "views"));
    }

    [Fact]
    public async Task Track_StoresTheAddressesNetworkOnly()
    {
        Assert.Equal("203.0.113.0/24", SocialFlow.ApiHost.Analytics.NetworkPrefix.Of(IPAddress.Parse("203.0.113.77")));
        Assert.Equal("203.0.113.0/24", SocialFlow.ApiHost.Analytics.NetworkPrefix.Of(IPAddress.Parse("::ffff:203.0.113.77")));
        Assert.Equal("2001:db8:1234::/48", SocialFlow.ApiHost.Analytics.NetworkPrefix.Of(IPAddress.Parse("2001:db8:1234:5678::9")));
        var (_, token, video) = await api.CreatorWithVideoAsync();
        await _client.TrackOkAsync(token, View("view_start", video));
        var stored = await api.Database.ScalarAsync<string>("SELECT coalesce(ip_prefix, '') FROM analytics_events WHERE item_id = $1", video);
        Assert.True(stored == "" || stored!.EndsWith("/24", StringComparison.Ordinal) || stored.EndsWith("/48", StringComparison.Ordinal), stored);
    }
}
