using System.Diagnostics;
using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Live;
using SocialFlow.ApiHost.Tests.Moderation;
using Xunit.Abstractions;

namespace SocialFlow.ApiHost.Tests.Search;

/// <summary>`GET /search?type=live`: streams are found while on air, within a second, and never once ended or removed.</summary>
[Collection(LiveCollection.Name)]
public sealed class LiveSearchTests(LiveFixture fx, ITestOutputHelper output)
{
    private readonly HttpClient _client = fx.Factory.CreateClient();

    [Fact]
    public async Task StreamsOnAir_AreFoundByTitleAndDescription_UntilTheyEndOrAreRemoved()
    {
        var m = "lq" + Guid.NewGuid().ToString("N")[..10];
        var (_, owner) = await _client.SignUpAsync();
        var (_, viewer) = await _client.SignUpAsync();
        var asModerator = await fx.Factory.GrantRoleAsync((await _client.SignUpAsync()).Tokens.AccessToken, "moderator");
        var (cooking, cookingKey) = await CreateAsync(owner.AccessToken, $"Cooking {m}", "public", "pasta tonight");
        var (rehearsal, rehearsalKey) = await CreateAsync(owner.AccessToken, $"Rehearsal {m}", "unlisted", "pasta");
        Assert.Empty(await IdsAsync(m, viewer.AccessToken)); // scheduled, not on air

        Assert.Equal(HttpStatusCode.NoContent, await PublishAsync(rehearsalKey));
        Assert.Equal(HttpStatusCode.NoContent, await PublishAsync(cookingKey));
        var clock = Stopwatch.StartNew();
        await Eventually.ValueAsync(() => IdsAsync($"{m} pasta", viewer.AccessToken), ids => ids.SequenceEqual([cooking]), TimeSpan.FromSeconds(10));
        output.WriteLine($"on air and found after {clock.ElapsedMilliseconds} ms");
        // The 1 s bound is SearchTests' (the median of several changes, the same event path); one sample gets headroom.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"found after {clock.ElapsedMilliseconds} ms");
        Assert.Equal([cooking], await IdsAsync("cooking " + m, null));
        Assert.Equal(2, (await IdsAsync(m, owner.AccessToken)).Count); // the owner also finds the unlisted one
        Assert.Empty(await _client.ItemIdsAsync($"/api/v1/search?q={m}&type=post", viewer.AccessToken));

        var removed = await _client.PostJsonAsync("/api/v1/moderation/actions",
            new { target_type = "live_stream", target_id = cooking, action = "remove", reason = "off-topic" }, asModerator);
        Assert.True(removed.IsSuccessStatusCode, $"{(int)removed.StatusCode} {await removed.Content.ReadAsStringAsync()}");
        await Eventually.ValueAsync(() => IdsAsync(m, viewer.AccessToken), ids => ids.Count == 0, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.NoContent, await PublishAsync(rehearsalKey, done: true));
        await Eventually.ValueAsync(() => IdsAsync(m, owner.AccessToken), ids => !ids.Contains(rehearsal), TimeSpan.FromSeconds(10));
    }

    private Task<List<Guid>> IdsAsync(string q, string? token) =>
        _client.ItemIdsAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}&type=live&limit=100", token);

    private async Task<(Guid Id, string Key)> CreateAsync(string token, string title, string visibility, string description)
    {
        var response = await _client.PostJsonAsync("/api/v1/live", new { title, description, visibility, record = false }, token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("stream_key").GetString()!);
    }

    /// <summary>As nginx-rtmp calls back when a stream starts or stops publishing.</summary>
    private async Task<HttpStatusCode> PublishAsync(string key, bool done = false)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["app"] = "live", ["name"] = key, ["clientid"] = "1", ["call"] = done ? "publish_done" : "publish",
        });
        return (await _client.PostAsync($"/internal/rtmp/{(done ? "publish-done" : "publish")}?secret={LiveFixture.Secret}", form)).StatusCode;
    }
}
