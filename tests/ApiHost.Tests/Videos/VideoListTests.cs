using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>The feed and a user's videos: keyset paging, visibility.</summary>
[Collection(VideoCollection.Name)]
public sealed class VideoListTests(VideoFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    public static async Task<List<Guid>> AllFeedIdsAsync(HttpClient client, int limit = 50)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        for (var page = 0; page < 100; page++)
        {
            var body = await (await client.GetAsync($"/api/v1/videos/feed?limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            ids.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            if (body.GetProperty("next_cursor").ValueKind == System.Text.Json.JsonValueKind.Null) return ids;
            cursor = body.GetProperty("next_cursor").GetString();
        }
        throw new InvalidOperationException("feed paging did not end");
    }

    [Fact]
    public async Task Feed_NewestReadyPublicFirst_PagedWithoutGapsOrRepeats()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var (older, _) = await fixture.ReadyVideoAsync(_client, tokens.AccessToken);
        var (newer, _) = await fixture.ReadyVideoAsync(_client, tokens.AccessToken);
        var (privateId, _) = await fixture.ReadyVideoAsync(_client, tokens.AccessToken, "private");
        var (uploading, _) = await _client.CreateAsync(tokens.AccessToken, 1000);

        var onePerPage = await AllFeedIdsAsync(_client, limit: 1);
        Assert.Equal(onePerPage.Count, onePerPage.Distinct().Count());
        Assert.True(onePerPage.IndexOf(newer) < onePerPage.IndexOf(older) && onePerPage.IndexOf(older) >= 0, "newest first");
        Assert.DoesNotContain(privateId, onePerPage);
        Assert.DoesNotContain(uploading, onePerPage);
        Assert.Equal(onePerPage, await AllFeedIdsAsync(_client, limit: 50));

        var first = await (await _client.GetAsync("/api/v1/videos/feed?limit=1")).ReadJsonAsync();
        var item = first.GetProperty("items")[0];
        Assert.EndsWith("/thumbnails/0.jpg", item.GetProperty("thumbnail_url").GetString());
        await (await _client.GetAsync("/api/v1/videos/feed?cursor=not-a-cursor")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task UserVideos_OwnerSeesAllPaged_OthersOnlyPublicReady()
    {
        var (owner, tokens) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var (readyId, _) = await fixture.ReadyVideoAsync(_client, tokens.AccessToken);
        var created = new List<Guid>();
        for (var i = 0; i < 52; i++) created.Add((await _client.CreateAsync(tokens.AccessToken, 10, i % 2 == 0 ? "public" : "private")).Id);

        var url = $"/api/v1/users/{owner.Username}/videos";
        var page1 = await (await _client.GetAsync($"{url}?limit=50", tokens.AccessToken)).ReadJsonAsync();
        Assert.Equal(50, page1.GetProperty("items").GetArrayLength());
        var cursor = page1.GetProperty("next_cursor").GetString();
        var page2 = await (await _client.GetAsync($"{url}?limit=50&cursor={cursor}", tokens.AccessToken)).ReadJsonAsync();
        var all = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(53, all.Count);
        Assert.Equal(((IEnumerable<Guid>)created).Reverse().Append(readyId), all); // newest first
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page2.GetProperty("next_cursor").ValueKind);

        var seenByOther = await (await _client.GetAsync(url, other.AccessToken)).ReadJsonAsync();
        Assert.Equal([readyId], seenByOther.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var anonymous = await (await _client.GetAsync(url)).ReadJsonAsync();
        Assert.Equal(1, anonymous.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/users/nobody_here_x1/videos")).StatusCode);
    }
}
