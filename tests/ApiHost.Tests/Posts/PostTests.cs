using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Posts;

[Collection(PostsCollection.Name)]
public sealed class PostTests(PostsFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task CreatePost_ParsesHashtagsAndResolvesMentions()
    {
        var (a, aTokens) = await _client.SignUpAsync();
        var (b, _) = await _client.SignUpAsync();
        var text = $"Hi @{b.Username.ToUpperInvariant()} and @nobody_{Guid.NewGuid():N} (mail x@{b.Username}.com) #Dotnet #orleans, #DOTNET a#b #1 #ÄÖü_2";
        var post = await _client.CreatePostAsync(aTokens.AccessToken, text);

        Assert.Equal(["dotnet", "orleans", "äöü_2"], post.GetProperty("hashtags").EnumerateArray().Select(t => t.GetString()!).Order().ToArray());
        var mentions = post.GetProperty("mentions").EnumerateArray().ToList();
        Assert.Equal(b.Id, Assert.Single(mentions).GetProperty("id").GetGuid());
        Assert.Equal(b.Username, mentions[0].GetProperty("username").GetString());
        Assert.Equal(a.Id, post.GetProperty("author").GetProperty("id").GetGuid());
        Assert.Equal(0, post.GetProperty("comment_count").GetInt64());

        var fetched = await (await _client.GetAnonymousAsync($"/api/v1/posts/{post.GetProperty("id").GetGuid()}")).ReadJsonAsync();
        Assert.Equal(text, fetched.GetProperty("text").GetString());
        Assert.Equal(3, fetched.GetProperty("hashtags").GetArrayLength());
    }

    [Fact]
    public async Task Profile_PostCount_CountsLivePublicPostsOnly()
    {
        var (a, tokens) = await _client.SignUpAsync();
        await _client.CreatePostAsync(tokens.AccessToken, "public one");
        var second = (await _client.CreatePostAsync(tokens.AccessToken, "public two")).GetProperty("id").GetGuid();
        await _client.CreatePostAsync(tokens.AccessToken, "just me", "private");
        await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/posts/{second}", null, tokens.AccessToken);

        var profile = await (await _client.GetAnonymousAsync($"/api/v1/users/{a.Username}")).ReadJsonAsync();
        Assert.Equal(1, profile.GetProperty("post_count").GetInt64());
        var me = await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync();
        Assert.Equal(1, me.GetProperty("post_count").GetInt64());
    }

    [Fact]
    public async Task OtherUser_CannotEditOrDeletePublicPost_AuthorCan()
    {
        var (_, a) = await _client.SignUpAsync();
        var (_, b) = await _client.SignUpAsync();
        var id = (await _client.CreatePostAsync(a.AccessToken, "original #first")).GetProperty("id").GetGuid();
        var url = $"/api/v1/posts/{id}";

        await (await _client.SendJsonAsync(HttpMethod.Patch, url, new { text = "hijacked" }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        await (await _client.SendJsonAsync(HttpMethod.Delete, url, null, b.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        Assert.Equal("original #first", (await (await _client.GetAsync(url, b.AccessToken)).ReadJsonAsync()).GetProperty("text").GetString());

        var edited = await _client.SendJsonAsync(HttpMethod.Patch, url, new { text = "edited #second" }, a.AccessToken);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var body = await edited.ReadJsonAsync();
        Assert.Equal(["second"], body.GetProperty("hashtags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(JsonValueKind.String, body.GetProperty("edited_at").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, url, null, a.AccessToken)).StatusCode);
        await (await _client.GetAsync(url, a.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _client.SendJsonAsync(HttpMethod.Patch, url, new { text = "again" }, a.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendJsonAsync(HttpMethod.Delete, url, null, a.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PrivateAndFollowersPosts_AreNotFoundForOthers_AndAbsentFromTheirLists()
    {
        var (aUser, a) = await _client.SignUpAsync();
        var (_, b) = await _client.SignUpAsync();
        var pub = (await _client.CreatePostAsync(a.AccessToken, "public one")).GetProperty("id").GetGuid();
        var priv = (await _client.CreatePostAsync(a.AccessToken, "private one", "private")).GetProperty("id").GetGuid();
        var followers = (await _client.CreatePostAsync(a.AccessToken, "followers one", "followers")).GetProperty("id").GetGuid();

        foreach (var hidden in new[] { priv, followers })
        {
            var url = $"/api/v1/posts/{hidden}";
            await (await _client.GetAsync(url, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _client.GetAnonymousAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _client.SendJsonAsync(HttpMethod.Patch, url, new { text = "x" }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _client.SendJsonAsync(HttpMethod.Delete, url, null, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(url, a.AccessToken)).StatusCode);
        }

        var list = $"/api/v1/users/{aUser.Username}/posts";
        Assert.Equal([pub], await IdsAsync(await _client.GetAsync(list, b.AccessToken)));
        Assert.Equal([pub], await IdsAsync(await _client.GetAnonymousAsync(list)));
        Assert.Equal([followers, priv, pub], await IdsAsync(await _client.GetAsync(list, a.AccessToken)));

        // Narrowing a public post hides it at once.
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/posts/{pub}", new { visibility = "private" }, a.AccessToken)).StatusCode);
        await (await _client.GetAsync($"/api/v1/posts/{pub}", b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await IdsAsync(await _client.GetAsync(list, b.AccessToken)));
    }

    [Fact]
    public async Task Moderator_DeletesAnyonesPost()
    {
        var (_, a) = await _client.SignUpAsync();
        var (mUser, _) = await _client.SignUpAsync();
        var moderator = await fixture.SignInAsModeratorAsync(_client, mUser);
        var pub = (await _client.CreatePostAsync(a.AccessToken, "spam")).GetProperty("id").GetGuid();
        var priv = (await _client.CreatePostAsync(a.AccessToken, "private spam", "private")).GetProperty("id").GetGuid();

        await (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/posts/{pub}", new { text = "x" }, moderator)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/posts/{pub}", null, moderator)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/posts/{priv}", null, moderator)).StatusCode);
        await (await _client.GetAsync($"/api/v1/posts/{priv}", a.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TextAndFieldLimits_AreBadRequestProblems()
    {
        var (_, a) = await _client.SignUpAsync();
        var tooLong = await _client.PostJsonAsync("/api/v1/posts", new { text = new string('x', 5001) }, a.AccessToken);
        var problem = await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
        await (await _client.PostJsonAsync("/api/v1/posts", new { text = "  " }, a.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _client.PostJsonAsync("/api/v1/posts", new { text = "x", visibility = "unlisted" }, a.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _client.PostJsonAsync("/api/v1/posts", new { text = "x", author_id = Guid.NewGuid() }, a.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.PostJsonAsync("/api/v1/posts", new { text = "x" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var ok = await _client.CreatePostAsync(a.AccessToken, new string('y', 5000));
        Assert.Equal(5000, ok.GetProperty("text").GetString()!.Length);
        await (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/posts/{ok.GetProperty("id").GetGuid()}", new { text = new string('z', 5001) }, a.AccessToken))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task UserPosts_KeysetPaging_NewestFirst()
    {
        var (aUser, a) = await _client.SignUpAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++) created.Add((await _client.CreatePostAsync(a.AccessToken, $"post {i}")).GetProperty("id").GetGuid());

        var seen = new List<Guid>();
        string? cursor = null;
        for (var page = 0; page < 5; page++)
        {
            var body = await (await _client.GetAnonymousAsync($"/api/v1/users/{aUser.Username}/posts?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).ReadJsonAsync();
            var items = body.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
            Assert.True(items.Count <= 2);
            seen.AddRange(items);
            cursor = body.GetProperty("next_cursor").GetString();
            if (cursor is null) break;
        }
        Assert.Equal(Enumerable.Reverse(created), seen);
        await (await _client.GetAnonymousAsync($"/api/v1/users/{aUser.Username}/posts?cursor=not-a-cursor")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await _client.GetAnonymousAsync($"/api/v1/users/{aUser.Username}/posts?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
        Assert.Equal(5, (await IdsAsync(await _client.GetAnonymousAsync($"/api/v1/users/{aUser.Username}/posts?limit=100"))).Count);
        await (await _client.GetAnonymousAsync($"/api/v1/users/nobody_{Guid.NewGuid().ToString("N")[..12]}/posts")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HashtagPosts_ListOnlyPublicPosts()
    {
        var (_, a) = await _client.SignUpAsync();
        var (_, b) = await _client.SignUpAsync();
        var tag = "t" + Guid.NewGuid().ToString("N")[..10];
        var first = (await _client.CreatePostAsync(a.AccessToken, $"#{tag} one")).GetProperty("id").GetGuid();
        await _client.CreatePostAsync(a.AccessToken, $"#{tag} hidden", "private");
        var second = (await _client.CreatePostAsync(b.AccessToken, $"two #{tag.ToUpperInvariant()}")).GetProperty("id").GetGuid();

        Assert.Equal([second, first], await IdsAsync(await _client.GetAnonymousAsync($"/api/v1/hashtags/{tag.ToUpperInvariant()}/posts")));
        Assert.Equal([second, first], await IdsAsync(await _client.GetAsync($"/api/v1/hashtags/{tag}/posts", a.AccessToken)));
        await (await _client.GetAnonymousAsync("/api/v1/hashtags/123/posts")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_hashtag");
    }

    private static async Task<List<Guid>> IdsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return body.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
    }
}
