using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Tests.Engagement;

[Collection(EngagementCollection.Name)]
public sealed class ReactionBookmarkTests(EngagementFixture fx)
{
    private readonly HttpClient _api = fx.CreateClient();

    [Fact]
    public async Task React_OnePerUser_ReplacingAndClearingMoveTheCountsPerReaction()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var users = await fx.Factory.UsersAsync(fx.Database.ConnectionString, 2);
        var post = await fx.Factory.ItemAsync(owner, ContentKind.Post);
        var url = $"/api/v1/posts/{post}/reaction";

        await _api.SendJsonAsync(HttpMethod.Put, url, new { reaction = "love" }, users[0].Token);
        await _api.SendJsonAsync(HttpMethod.Put, url, new { reaction = "love" }, users[1].Token);
        var same = await (await _api.SendJsonAsync(HttpMethod.Put, url, new { reaction = "love" }, users[1].Token)).ReadJsonAsync();
        var switched = await (await _api.SendJsonAsync(HttpMethod.Put, url, new { reaction = "haha" }, users[1].Token)).ReadJsonAsync();

        Assert.False(same.GetProperty("changed").GetBoolean());
        Assert.True(switched.GetProperty("changed").GetBoolean());
        Assert.Equal(1, switched.GetProperty("reactions").GetProperty("love").GetInt64());
        Assert.Equal(1, switched.GetProperty("reactions").GetProperty("haha").GetInt64());

        var cleared = await (await _api.SendJsonAsync(HttpMethod.Delete, url, null, users[0].Token)).ReadJsonAsync();
        Assert.True(cleared.GetProperty("changed").GetBoolean());
        Assert.False(cleared.GetProperty("reactions").TryGetProperty("love", out _));
        var counts = await (await _api.GetAsync($"/api/v1/posts/{post}/counts")).ReadJsonAsync();
        Assert.Equal(1, counts.GetProperty("reactions").GetProperty("haha").GetInt64());
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT count FROM content_reaction_counts WHERE content_id = $1 AND reaction = 'haha'", post));
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count FROM content_reaction_counts WHERE content_id = $1 AND reaction = 'love'", post));
    }

    [Fact]
    public async Task React_UnknownReactionOrHiddenItem_IsRefused()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, stranger) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner);
        var hidden = await fx.Factory.ItemAsync(owner, visibility: Visibility.Followers);

        await (await _api.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/reaction", new { reaction = "meh" }, stranger))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _api.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{video}/reaction", new { }, stranger))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _api.SendJsonAsync(HttpMethod.Put, $"/api/v1/videos/{hidden}/reaction", new { reaction = "wow" }, stranger))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM reactions WHERE content_id = ANY($1)", new[] { video, hidden }));
    }

    [Fact]
    public async Task Bookmarks_ListPagesNewestFirstAndHidesItemsTheUserMayNoLongerSee()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (me, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var items = new List<Guid>();
        for (var i = 0; i < 4; i++) items.Add(await fx.Factory.ItemAsync(owner, i % 2 == 0 ? ContentKind.Video : ContentKind.Post));
        foreach (var id in items)
        {
            var r = await (await _api.SendJsonAsync(HttpMethod.Post, $"/api/v1/bookmarks/{id}", null, token)).ReadJsonAsync();
            Assert.True(r.GetProperty("changed").GetBoolean());
        }
        var again = await (await _api.SendJsonAsync(HttpMethod.Post, $"/api/v1/bookmarks/{items[0]}", null, token)).ReadJsonAsync();
        Assert.False(again.GetProperty("changed").GetBoolean());
        Assert.Equal(1, again.GetProperty("bookmark_count").GetInt64());

        // The owner makes one private: it leaves my list (it would be 404 to me anyway).
        await fx.Factory.Services.GetGrain(items[1]).PublishAsync(new ContentInfo(items[1], ContentKind.Post, owner, Visibility.Private, null, DateTimeOffset.UtcNow));

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await _api.GetAsync("/api/v1/users/me/bookmarks?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"), token)).ReadJsonAsync();
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("content_id").GetGuid()));
            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
        } while (cursor is not null && seen.Count < 10);
        Assert.Equal(new[] { items[3], items[2], items[0] }, seen);

        var removed = await (await _api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/bookmarks/{items[0]}", null, token)).ReadJsonAsync();
        Assert.False(removed.GetProperty("bookmarked").GetBoolean());
        Assert.Equal(0, removed.GetProperty("bookmark_count").GetInt64());
        Assert.Equal(2, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM bookmarks WHERE user_id = $1 AND content_id <> $2", me, items[1]));
    }

    [Fact]
    public async Task Bookmark_PrivateItemOfAnother_IsNotFound()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (other, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var hidden = await fx.Factory.ItemAsync(owner, visibility: Visibility.Private);

        await (await _api.SendJsonAsync(HttpMethod.Post, $"/api/v1/bookmarks/{hidden}", null, token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _api.SendJsonAsync(HttpMethod.Post, $"/api/v1/bookmarks/{Guid.NewGuid()}", null, token)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM bookmarks WHERE user_id = $1", other));
    }
}
