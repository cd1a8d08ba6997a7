using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces.Comments;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;
using static SocialFlow.ApiHost.Tests.Moderation.ContentModerationApi;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>GET /admin/content: every kind of item with its standing, filtered and sorted, for moderators and admins only.</summary>
[Collection(ApiCollection.Name)]
public sealed class AdminContentTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task AdminContent_FiltersByTypeStatusAndAuthor_NewestOrOldestFirst()
    {
        var (author, a) = await _client.SignUpAsync();
        var (moderator, m) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(m.AccessToken, "moderator");
        var first = (await _client.CreatePostAsync(a.AccessToken, "first post")).GetProperty("id").GetGuid();
        var second = (await _client.CreatePostAsync(a.AccessToken, "second post")).GetProperty("id").GetGuid();
        var comment = (await _client.CommentAsync(a.AccessToken, $"/api/v1/posts/{first}", "my own comment")).GetProperty("id").GetGuid();
        await api.Grains.Ref<IPostGrain>(second).ModerateAsync(ContentAction.Remove, Moderator(moderator.Id), "spam");
        await api.Grains.Ref<ICommentsGrain>(0).ModerateAsync(comment, ContentAction.MarkSensitive, Moderator(moderator.Id), "");
        var mine = $"/api/v1/admin/content?author={author.Username}";

        Assert.Equal([comment, second, first], await _client.ItemIdsAsync(mine, asModerator));
        Assert.Equal([first, second, comment], await _client.ItemIdsAsync($"{mine}&sort=oldest", asModerator));
        Assert.Equal([second, first], await _client.ItemIdsAsync($"{mine}&type=post", asModerator));
        Assert.Equal([comment], await _client.ItemIdsAsync($"{mine}&status=sensitive", asModerator));
        Assert.Equal([comment, first], await _client.ItemIdsAsync($"{mine}&status=visible", asModerator));
        Assert.Empty(await _client.ItemIdsAsync($"{mine}&status=held", asModerator));
        var removed = Assert.Single((await _client.OkJsonAsync($"{mine}&status=removed", asModerator)).GetProperty("items").EnumerateArray());
        Assert.Equal(("post", second, "removed", "spam", "second post", author.Username, false),
            (removed.GetProperty("type").GetString(), removed.GetProperty("id").GetGuid(), removed.GetProperty("standing").GetString(),
             removed.GetProperty("reason").GetString(), removed.GetProperty("excerpt").GetString(),
             removed.GetProperty("author").GetProperty("username").GetString(), removed.GetProperty("sensitive").GetBoolean()));
    }

    [Fact]
    public async Task AdminContent_IsForModeratorsAndAdminsOnly_AndRefusesBadFilters()
    {
        var (_, user) = await _client.SignUpAsync();
        var (_, m) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(m.AccessToken, "moderator");

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/api/v1/admin/content")).StatusCode);
        await (await _client.GetAsync("/api/v1/admin/content", user.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        foreach (var query in new[] { "type=user", "status=reported", "sort=best", "type=Video", "author=a!" })
        {
            await (await _client.GetAsync($"/api/v1/admin/content?{query}", asModerator)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }
        await (await _client.GetAsync("/api/v1/admin/content?limit=0", asModerator)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
        await (await _client.GetAsync("/api/v1/admin/content?author=nobody_" + Guid.NewGuid().ToString("N")[..8], asModerator))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/admin/content?type=live_stream&status=removed&sort=oldest", asModerator)).StatusCode);
    }
}
