using System.Net;
using System.Text.Json;
using Npgsql;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Tests.Posts;

[Collection(PostsCollection.Name)]
public sealed class CommentTests(PostsFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Replies_NestThreeLevels_AndAReplyToTheDeepestBecomesItsSibling()
    {
        var (_, a) = await _client.SignUpAsync();
        var (_, b) = await _client.SignUpAsync();
        var post = await PostUrlAsync(a.AccessToken);
        var c1 = await CommentIdAsync(b.AccessToken, post, "top");
        var c2 = await _client.CommentAsync(a.AccessToken, post, "reply", c1);
        var c3 = await _client.CommentAsync(b.AccessToken, post, "reply to reply", Id(c2));
        var c4 = await _client.CommentAsync(a.AccessToken, post, "too deep", Id(c3));

        Assert.Equal((1, c1), (c2.GetProperty("depth").GetInt32(), c2.GetProperty("parent_id").GetGuid()));
        Assert.Equal((2, Id(c2)), (c3.GetProperty("depth").GetInt32(), c3.GetProperty("parent_id").GetGuid()));
        Assert.Equal((2, Id(c2), Id(c3)), (c4.GetProperty("depth").GetInt32(), c4.GetProperty("parent_id").GetGuid(), c4.GetProperty("in_reply_to_id").GetGuid()));

        var top = await ItemsAsync(_client.GetAnonymousAsync($"{post}/comments"));
        Assert.Equal(c1, Id(Assert.Single(top)));
        Assert.Equal(1, top[0].GetProperty("reply_count").GetInt32());
        Assert.Equal(0, top[0].GetProperty("like_count").GetInt64());
        var level1 = await ItemsAsync(_client.GetAnonymousAsync($"/api/v1/comments/{c1}/replies"));
        Assert.Equal(2, Assert.Single(level1).GetProperty("reply_count").GetInt32());
        Assert.Equal([Id(c3), Id(c4)], (await ItemsAsync(_client.GetAnonymousAsync($"/api/v1/comments/{Id(c2)}/replies"))).Select(Id));
        Assert.Equal(4, await CommentCountAsync(post, a.AccessToken));
    }

    [Fact]
    public async Task TopLevelAndReplies_PageWithCursors()
    {
        var (_, a) = await _client.SignUpAsync();
        var post = await PostUrlAsync(a.AccessToken);
        var top = new List<Guid>();
        for (var i = 0; i < 5; i++) top.Add(await CommentIdAsync(a.AccessToken, post, $"c{i}"));
        var replies = new List<Guid>();
        for (var i = 0; i < 3; i++) replies.Add(Id(await _client.CommentAsync(a.AccessToken, post, $"r{i}", top[0])));

        Assert.Equal(Enumerable.Reverse(top), await AllPagesAsync($"{post}/comments", 2));       // newest first
        Assert.Equal(replies, await AllPagesAsync($"/api/v1/comments/{top[0]}/replies", 2));     // oldest first
        await (await _client.GetAnonymousAsync($"{post}/comments?cursor=%%%")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task AuthorEdits_OwnerAndModeratorDelete_OthersAreRefused()
    {
        var (_, a) = await _client.SignUpAsync();
        var (_, b) = await _client.SignUpAsync();
        var (_, c) = await _client.SignUpAsync();
        var (mUser, _) = await _client.SignUpAsync();
        var moderator = await fixture.SignInAsModeratorAsync(_client, mUser);
        var post = await PostUrlAsync(a.AccessToken);
        var byB = $"/api/v1/comments/{await CommentIdAsync(b.AccessToken, post, "b says")}";
        var byB2 = $"/api/v1/comments/{await CommentIdAsync(b.AccessToken, post, "b again")}";
        var byC = $"/api/v1/comments/{await CommentIdAsync(c.AccessToken, post, "c says")}";

        await (await _client.SendJsonAsync(HttpMethod.Patch, byB, new { text = "c edits" }, c.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_allowed");
        await (await _client.SendJsonAsync(HttpMethod.Patch, byB, new { text = "owner edits" }, a.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_allowed");
        await (await _client.SendJsonAsync(HttpMethod.Delete, byB, null, c.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "not_allowed");
        var edited = await _client.SendJsonAsync(HttpMethod.Patch, byB, new { text = "b edits" }, b.AccessToken);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var body = await edited.ReadJsonAsync();
        Assert.Equal("b edits", body.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("edited_at").ValueKind);
        await (await _client.SendJsonAsync(HttpMethod.Patch, byB, new { text = new string('x', 2001) }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, byB, null, a.AccessToken)).StatusCode);   // the post's owner
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, byC, null, moderator)).StatusCode);      // a moderator
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, byB2, null, b.AccessToken)).StatusCode);  // the author
        await (await _client.SendJsonAsync(HttpMethod.Delete, byB, null, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendJsonAsync(HttpMethod.Patch, byB, new { text = "edit a deleted one" }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await ItemsAsync(_client.GetAnonymousAsync($"{post}/comments")));
        Assert.Equal(0, await CommentCountAsync(post, a.AccessToken));
    }

    [Fact]
    public async Task ItemsTheCallerCannotSee_AreNotFound_ForEveryCommentRoute()
    {
        var (_, a) = await _client.SignUpAsync();
        var (_, b) = await _client.SignUpAsync();
        var post = await PostUrlAsync(a.AccessToken);
        var comment = await CommentIdAsync(b.AccessToken, post, "while it was public");
        var other = await PostUrlAsync(a.AccessToken);
        var otherComment = await CommentIdAsync(a.AccessToken, other, "elsewhere");

        await (await _client.PostJsonAsync($"{post}/comments", new { text = "x", parent_id = otherComment }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid_parent");
        await (await _client.PostJsonAsync($"/api/v1/videos/{post[(post.LastIndexOf('/') + 1)..]}/comments", new { text = "x" }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync($"/api/v1/posts/{Guid.NewGuid()}/comments", new { text = "x" }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync($"{post}/comments", new { text = "" }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Patch, post, new { visibility = "private" }, a.AccessToken)).StatusCode);
        await (await _client.PostJsonAsync($"{post}/comments", new { text = "x" }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"{post}/comments", b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/comments/{comment}/replies", b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/comments/{comment}", new { text = "y" }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/comments/{comment}", null, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        // The comment itself was public when written: its likes and counts follow the item's visibility now, not then.
        await (await _client.PostJsonAsync($"/api/v1/comments/{comment}/like", new { }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/comments/{comment}/counts", b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/comments/{comment}/like", new { }, a.AccessToken)).StatusCode);
        Assert.Single(await ItemsAsync(_client.GetAsync($"{post}/comments", a.AccessToken)));
    }

    [Fact]
    public async Task DeletedCommentWithReplies_StaysAsATombstone_UntilItsRepliesGo()
    {
        var (_, a) = await _client.SignUpAsync();
        var (bUser, b) = await _client.SignUpAsync();
        var post = await PostUrlAsync(a.AccessToken);
        var parent = await CommentIdAsync(b.AccessToken, post, "parent");
        var reply = Id(await _client.CommentAsync(a.AccessToken, post, "reply", parent));
        Assert.Equal(2, await CommentCountAsync(post, a.AccessToken));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/comments/{parent}", null, b.AccessToken)).StatusCode);
        var tombstone = Assert.Single(await ItemsAsync(_client.GetAnonymousAsync($"{post}/comments")));
        Assert.True(tombstone.GetProperty("deleted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, tombstone.GetProperty("text").ValueKind);
        Assert.Equal(JsonValueKind.Null, tombstone.GetProperty("author").ValueKind);
        Assert.DoesNotContain(bUser.Username, tombstone.GetRawText());
        Assert.Equal(1, tombstone.GetProperty("reply_count").GetInt32());
        Assert.Equal(reply, Id(Assert.Single(await ItemsAsync(_client.GetAnonymousAsync($"/api/v1/comments/{parent}/replies")))));
        await (await _client.PostJsonAsync($"{post}/comments", new { text = "x", parent_id = parent }, a.AccessToken)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid_parent");
        Assert.Equal(1, await CommentCountAsync(post, a.AccessToken));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/comments/{reply}", null, a.AccessToken)).StatusCode);
        Assert.Empty(await ItemsAsync(_client.GetAnonymousAsync($"{post}/comments")));
        Assert.Equal(0, await CommentCountAsync(post, a.AccessToken));
    }

    [Fact]
    public async Task ThirtyParallelComments_CountExactly()
    {
        var (_, a) = await _client.SignUpAsync();
        var users = new List<string>();
        for (var i = 0; i < 3; i++) users.Add((await _client.SignUpAsync()).Tokens.AccessToken);
        var post = await PostUrlAsync(a.AccessToken);
        var postId = Guid.Parse(post[(post.LastIndexOf('/') + 1)..]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => _client.PostJsonAsync($"{post}/comments", new { text = $"parallel {i}" }, users[i % 3])));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        Assert.Equal(30, (await fixture.Grains.Ref<IContentGrain>(postId).GetCountsAsync()).Comments);
        Assert.Equal(30, await CommentCountAsync(post, a.AccessToken));
        Assert.Equal(30L, await fixture.Database.ScalarAsync<long>("SELECT comments FROM content_counters WHERE content_id = $1", postId));
        Assert.Equal(30, (await AllPagesAsync($"{post}/comments", 100)).Distinct().Count());
    }

    [Fact]
    public async Task VideoComments_UseTheContentGrainsVisibility()
    {
        var (aUser, a) = await _client.SignUpAsync();
        var (_, b) = await _client.SignUpAsync();
        // The video grain lives on another branch; a video is whatever is registered as content of kind Video.
        var (publicVideo, privateVideo) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await fixture.Grains.Ref<IContentGrain>(publicVideo).PublishAsync(new ContentInfo(publicVideo, ContentKind.Video, aUser.Id, Visibility.Public, null, DateTimeOffset.UtcNow));
        await fixture.Grains.Ref<IContentGrain>(privateVideo).PublishAsync(new ContentInfo(privateVideo, ContentKind.Video, aUser.Id, Visibility.Private, null, DateTimeOffset.UtcNow));

        var comment = await _client.CommentAsync(b.AccessToken, $"/api/v1/videos/{publicVideo}", "nice video");
        Assert.Equal(publicVideo, comment.GetProperty("item_id").GetGuid());
        Assert.Equal(Id(comment), Id(Assert.Single(await ItemsAsync(_client.GetAnonymousAsync($"/api/v1/videos/{publicVideo}/comments")))));
        Assert.Equal(1, (await fixture.Grains.Ref<IContentGrain>(publicVideo).GetCountsAsync()).Comments);
        var info = await fixture.Grains.Ref<IContentGrain>(Id(comment)).GetInfoAsync();
        Assert.Equal((ContentKind.Comment, publicVideo), (info!.Kind, info.ParentId));
        await (await _client.GetAnonymousAsync($"/api/v1/posts/{publicVideo}/comments")).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await _client.PostJsonAsync($"/api/v1/videos/{privateVideo}/comments", new { text = "x" }, b.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await _client.CommentAsync(a.AccessToken, $"/api/v1/videos/{privateVideo}", "owner only");
        // The video's owner deletes a viewer's comment on it.
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/comments/{Id(comment)}", null, a.AccessToken)).StatusCode);
        Assert.Equal(0, (await fixture.Grains.Ref<IContentGrain>(publicVideo).GetCountsAsync()).Comments);
    }

    private async Task<string> PostUrlAsync(string bearer) =>
        $"/api/v1/posts/{(await _client.CreatePostAsync(bearer, "a post to talk about")).GetProperty("id").GetGuid()}";

    private async Task<Guid> CommentIdAsync(string bearer, string itemUrl, string text) => Id(await _client.CommentAsync(bearer, itemUrl, text));

    private async Task<long> CommentCountAsync(string postUrl, string bearer) =>
        (await (await _client.GetAsync(postUrl, bearer)).ReadJsonAsync()).GetProperty("comment_count").GetInt64();

    private async Task<List<Guid>> AllPagesAsync(string url, int limit)
    {
        var all = new List<Guid>();
        string? cursor = null;
        for (var page = 0; page < 50; page++)
        {
            var response = await _client.GetAnonymousAsync($"{url}?limit={limit}{(cursor is null ? "" : "&cursor=" + cursor)}");
            var body = await response.ReadJsonAsync();
            var items = body.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= limit);
            all.AddRange(items.Select(Id));
            cursor = body.GetProperty("next_cursor").GetString();
            if (cursor is null) return all;
        }
        throw new InvalidOperationException("paging did not end");
    }

    private static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    private static async Task<List<JsonElement>> ItemsAsync(Task<HttpResponseMessage> request)
    {
        var response = await request;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
    }
}
