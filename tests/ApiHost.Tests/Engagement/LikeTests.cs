using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Tests.Engagement;

[Collection(EngagementCollection.Name)]
public sealed class LikeTests(EngagementFixture fx)
{
    private readonly HttpClient _api = fx.CreateClient();

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string token, object? body = null) => _api.SendJsonAsync(method, url, body, token);

    [Fact]
    public async Task Like_Twice_CountsOnceAndSaysWhetherItChanged()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner);

        var first = await (await Send(HttpMethod.Post, $"/api/v1/videos/{video}/like", token)).ReadJsonAsync();
        var second = await (await Send(HttpMethod.Post, $"/api/v1/videos/{video}/like", token)).ReadJsonAsync();

        Assert.True(first.GetProperty("liked").GetBoolean());
        Assert.True(first.GetProperty("changed").GetBoolean());
        Assert.Equal(1, first.GetProperty("like_count").GetInt64());
        Assert.False(second.GetProperty("changed").GetBoolean());
        Assert.Equal(1, second.GetProperty("like_count").GetInt64());
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM likes WHERE content_id = $1", video));
    }

    [Fact]
    public async Task Like_FiftyUsersAndOneUserTwentyTimesConcurrently_CountsExactly()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var users = await fx.Factory.UsersAsync(fx.Database.ConnectionString, 51);
        var video = await fx.Factory.ItemAsync(owner);
        var repeater = users[50].Token;
        var calls = users.Take(50).Select(u => Send(HttpMethod.Post, $"/api/v1/videos/{video}/like", u.Token))
            .Concat(Enumerable.Range(0, 20).Select(_ => Send(HttpMethod.Post, $"/api/v1/videos/{video}/like", repeater)));

        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var changed = 0;
        foreach (var r in responses) if ((await r.ReadJsonAsync()).GetProperty("changed").GetBoolean()) changed++;
        Assert.Equal(51, changed);
        var counts = await (await _api.GetAsync($"/api/v1/videos/{video}/counts")).ReadJsonAsync();
        Assert.Equal(51, counts.GetProperty("like_count").GetInt64());
        Assert.Equal(51, await fx.Database.ScalarAsync<long>("SELECT likes FROM content_counters WHERE content_id = $1", video));
        Assert.Equal(51, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM likes WHERE content_id = $1", video));
    }

    [Fact]
    public async Task Unlike_RemovesTheLikeOnceOnly()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var users = await fx.Factory.UsersAsync(fx.Database.ConnectionString, 2);
        var post = await fx.Factory.ItemAsync(owner, ContentKind.Post);
        foreach (var u in users) await Send(HttpMethod.Post, $"/api/v1/posts/{post}/like", u.Token);

        var unliked = await (await Send(HttpMethod.Delete, $"/api/v1/posts/{post}/like", users[0].Token)).ReadJsonAsync();
        var again = await (await Send(HttpMethod.Delete, $"/api/v1/posts/{post}/like", users[0].Token)).ReadJsonAsync();

        Assert.False(unliked.GetProperty("liked").GetBoolean());
        Assert.True(unliked.GetProperty("changed").GetBoolean());
        Assert.Equal(1, unliked.GetProperty("like_count").GetInt64());
        Assert.False(again.GetProperty("changed").GetBoolean());
        Assert.Equal(1, again.GetProperty("like_count").GetInt64());
        var grains = fx.Factory.Services.GetRequiredService<IGrainFactory>();
        Assert.False((await grains.Ref<IContentGrain>(post).GetViewerStateAsync(users[0].Id)).Liked);
        Assert.True((await grains.Ref<IContentGrain>(post).GetViewerStateAsync(users[1].Id)).Liked);
    }

    [Fact]
    public async Task Like_PrivateItemOfAnother_IsNotFoundButItsOwnerMayLikeIt()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, stranger) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner, visibility: Visibility.Private);

        await (await Send(HttpMethod.Post, $"/api/v1/videos/{video}/like", stranger)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Send(HttpMethod.Delete, $"/api/v1/videos/{video}/like", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _api.GetAsync($"/api/v1/videos/{video}/likes", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _api.GetAsync($"/api/v1/videos/{video}/counts", stranger)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _api.GetAsync($"/api/v1/videos/{video}/counts")).AssertProblemAsync(HttpStatusCode.NotFound);

        var own = await Send(HttpMethod.Post, $"/api/v1/videos/{video}/like", ownerToken);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(1, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM likes WHERE content_id = $1", video));
    }

    [Fact]
    public async Task Like_WrongKindMissingOrDeletedItem_IsNotFound()
    {
        var (owner, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var post = await fx.Factory.ItemAsync(owner, ContentKind.Post);
        var comment = await fx.Factory.ItemAsync(owner, ContentKind.Comment);
        var deleted = await fx.Factory.ItemAsync(owner);
        await fx.Factory.Services.GetRequiredService<IGrainFactory>().Ref<IContentGrain>(deleted).RemoveAsync();

        await (await Send(HttpMethod.Post, $"/api/v1/videos/{post}/like", token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Send(HttpMethod.Post, $"/api/v1/posts/{comment}/like", token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Send(HttpMethod.Post, $"/api/v1/videos/{Guid.NewGuid()}/like", token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Send(HttpMethod.Post, $"/api/v1/videos/{deleted}/like", token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Send(HttpMethod.Post, $"/api/v1/videos/not-an-id/like", token)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, $"/api/v1/comments/{comment}/like", token)).StatusCode);
        Assert.Equal(0, await fx.Database.ScalarAsync<long>("SELECT count(*) FROM likes WHERE content_id = ANY($1)", new[] { post, deleted }));
    }

    [Fact]
    public async Task Like_WithoutToken_IsUnauthenticated()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner);
        await (await _api.PostAsync($"/api/v1/videos/{video}/like", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ListLikes_PagesNewestFirst_AndRefusesABadLimitOrCursor()
    {
        var (owner, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var users = await fx.Factory.UsersAsync(fx.Database.ConnectionString, 5);
        var video = await fx.Factory.ItemAsync(owner);
        foreach (var u in users) await Send(HttpMethod.Post, $"/api/v1/videos/{video}/like", u.Token); // one after another: distinct times

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await _api.GetAsync($"/api/v1/videos/{video}/likes?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"), token)).ReadJsonAsync();
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("user_id").GetGuid()));
            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
        } while (cursor is not null && seen.Count < 10);

        Assert.Equal(users.Select(u => u.Id).Reverse(), seen);
        var all = await (await _api.GetAsync($"/api/v1/videos/{video}/likes?limit=100", token)).ReadJsonAsync();
        Assert.Equal(5, all.GetProperty("items").GetArrayLength());
        await (await _api.GetAsync($"/api/v1/videos/{video}/likes?cursor=bogus!", token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await _api.GetAsync($"/api/v1/videos/{video}/likes?limit=0", token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
    }
}
