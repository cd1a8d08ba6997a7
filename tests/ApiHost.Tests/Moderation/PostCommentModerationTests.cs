using System.Net;
using SocialFlow.ApiHost.Tests.Feeds;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces.Comments;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Social;
using static SocialFlow.ApiHost.Tests.Moderation.ContentModerationApi;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>Moderators' actions on posts and comments: who still sees the item, where, and the audit row of each change.</summary>
[Collection(ApiCollection.Name)]
public sealed class PostCommentModerationTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task RemovedPost_HiddenFromOthersEverywhere_OwnerSeesTheNotice_AuditedOnce_RestoreBringsItBack()
    {
        var (author, a) = await _client.SignUpAsync();
        var (follower, f) = await _client.SignUpAsync();
        var (moderator, _) = await _client.SignUpAsync();
        await api.Grains.Ref<ISocialGraphGrain>(author.Id).FollowAsync(follower.Id);
        var tag = UniqueWord();
        var id = (await _client.CreatePostAsync(a.AccessToken, $"hello #{tag}")).GetProperty("id").GetGuid();
        await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Contains(id));
        var post = api.Grains.Ref<IPostGrain>(id);

        var removed = await post.ModerateAsync(ContentAction.Remove, Moderator(moderator.Id), " spam ");

        Assert.Equal(ContentStanding.Removed, removed!.Standing);
        Assert.Equal("hello #" + tag, removed.Text);
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/posts/{id}", f.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/posts/{id}", null));
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/posts/{id}/comments", f.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/posts/{id}/like", new { }, f.AccessToken)).StatusCode);
        Assert.DoesNotContain(id, await _client.ItemIdsAsync($"/api/v1/users/{author.Username}/posts", f.AccessToken));
        Assert.DoesNotContain(id, await _client.ItemIdsAsync($"/api/v1/hashtags/{tag}/posts", f.AccessToken));
        Assert.DoesNotContain(id, await _client.HomeIdsWhenAsync(f.AccessToken, ids => !ids.Contains(id)));
        var own = await _client.OkJsonAsync($"/api/v1/posts/{id}", a.AccessToken);
        Assert.Equal("removed", own.GetProperty("moderation").GetProperty("standing").GetString());
        Assert.Equal("spam", own.GetProperty("moderation").GetProperty("reason").GetString());
        Assert.Contains(id, await _client.ItemIdsAsync($"/api/v1/users/{author.Username}/posts", a.AccessToken));
        Assert.Equal(1, await api.AuditCountAsync(id));
        Assert.Equal("remove", await api.Database.ScalarAsync<string>(
            "SELECT details->>'action' FROM audit_log WHERE target_id = $1 AND actor_id = $2 AND target_type = 'post' AND reason = 'spam'", id.ToString(), moderator.Id));

        Assert.Equal(ContentStanding.Removed, (await post.ModerateAsync(ContentAction.Remove, Moderator(moderator.Id), "again"))!.Standing);
        Assert.Equal(ContentStanding.Removed, (await post.ModerateAsync(ContentAction.Approve, Moderator(moderator.Id), "not held"))!.Standing);
        Assert.Equal(1, await api.AuditCountAsync(id));

        Assert.Equal(ContentStanding.Visible, (await post.ModerateAsync(ContentAction.Restore, Moderator(moderator.Id), "appeal upheld"))!.Standing);
        var back = await _client.OkJsonAsync($"/api/v1/posts/{id}", f.AccessToken);
        Assert.False(back.TryGetProperty("moderation", out _));
        Assert.Contains(id, await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Contains(id)));
        Assert.Contains(id, await _client.ItemIdsAsync($"/api/v1/hashtags/{tag}/posts", null));
        Assert.Equal(2, await api.AuditCountAsync(id));
    }

    [Fact]
    public async Task SensitivePostAndComment_StayVisible_MarkedSensitiveInEveryView()
    {
        var (author, a) = await _client.SignUpAsync();
        var (follower, f) = await _client.SignUpAsync();
        var (moderator, _) = await _client.SignUpAsync();
        await api.Grains.Ref<ISocialGraphGrain>(author.Id).FollowAsync(follower.Id);
        var id = (await _client.CreatePostAsync(a.AccessToken, "graphic")).GetProperty("id").GetGuid();
        var comment = (await _client.CommentAsync(f.AccessToken, $"/api/v1/posts/{id}", "also graphic")).GetProperty("id").GetGuid();
        Assert.False((await _client.OkJsonAsync($"/api/v1/comments/{comment}", a.AccessToken)).GetProperty("sensitive").GetBoolean());

        await api.Grains.Ref<IPostGrain>(id).ModerateAsync(ContentAction.MarkSensitive, Moderator(moderator.Id), "gore");
        await api.Grains.Ref<ICommentsGrain>(0).ModerateAsync(comment, ContentAction.MarkSensitive, Moderator(moderator.Id), "gore");

        Assert.True((await _client.OkJsonAsync($"/api/v1/posts/{id}", null)).GetProperty("sensitive").GetBoolean());
        Assert.False((await _client.OkJsonAsync($"/api/v1/posts/{id}", a.AccessToken)).TryGetProperty("moderation", out _));
        var listed = (await _client.OkJsonAsync($"/api/v1/users/{author.Username}/posts", f.AccessToken)).GetProperty("items")[0];
        Assert.True(listed.GetProperty("sensitive").GetBoolean());
        await _client.HomeIdsWhenAsync(f.AccessToken, ids => ids.Contains(id));
        var card = (await _client.HomeAsync(f.AccessToken)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);
        Assert.True(card.GetProperty("sensitive").GetBoolean());
        Assert.True((await _client.OkJsonAsync($"/api/v1/comments/{comment}", a.AccessToken)).GetProperty("sensitive").GetBoolean());
        Assert.True((await _client.OkJsonAsync($"/api/v1/posts/{id}/comments", null)).GetProperty("items")[0].GetProperty("sensitive").GetBoolean());
        Assert.Equal(2, await api.AuditCountAsync(id) + await api.AuditCountAsync(comment));

        await api.Grains.Ref<IPostGrain>(id).ModerateAsync(ContentAction.UnmarkSensitive, Moderator(moderator.Id), "");
        Assert.False((await _client.OkJsonAsync($"/api/v1/posts/{id}", f.AccessToken)).GetProperty("sensitive").GetBoolean());
    }

    [Fact]
    public async Task RemovedComment_SeenByItsAuthorOnly_InListsAndItsOwnGet_AndCannotBeLikedByOthers()
    {
        var (_, a) = await _client.SignUpAsync();
        var (_, c) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var (moderator, _) = await _client.SignUpAsync();
        var post = (await _client.CreatePostAsync(a.AccessToken, "a post")).GetProperty("id").GetGuid();
        var comment = (await _client.CommentAsync(c.AccessToken, $"/api/v1/posts/{post}", "rude words")).GetProperty("id").GetGuid();
        var reply = (await _client.CommentAsync(other.AccessToken, $"/api/v1/posts/{post}", "a reply", comment)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/comments/{comment}", other.AccessToken));
        Assert.Equal(2, await CommentCountAsync(post));

        var item = await api.Grains.Ref<ICommentsGrain>(0).ModerateAsync(comment, ContentAction.Remove, Moderator(moderator.Id), "harassment");
        Assert.Equal(1, await CommentCountAsync(post));

        Assert.Equal((ContentStanding.Removed, post, "rude words"), (item!.Standing, item.ParentId!.Value, item.Text!));
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/comments/{comment}", other.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/comments/{comment}", a.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/comments/{comment}/replies", other.AccessToken));
        Assert.DoesNotContain(comment, await _client.ItemIdsAsync($"/api/v1/posts/{post}/comments", other.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/comments/{comment}/like", new { }, other.AccessToken)).StatusCode);
        var own = await _client.OkJsonAsync($"/api/v1/comments/{comment}", c.AccessToken);
        Assert.Equal("removed", own.GetProperty("moderation").GetProperty("standing").GetString());
        Assert.Contains(comment, await _client.ItemIdsAsync($"/api/v1/posts/{post}/comments", c.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/comments/{reply}", other.AccessToken));
        Assert.Equal(1, await api.AuditCountAsync(comment));

        await api.Grains.Ref<ICommentsGrain>(0).ModerateAsync(comment, ContentAction.Restore, Moderator(moderator.Id), "");
        Assert.Equal(2, await CommentCountAsync(post));
        Assert.Contains(comment, await _client.ItemIdsAsync($"/api/v1/posts/{post}/comments", other.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/comments/{comment}/like", new { }, other.AccessToken)).StatusCode);
        Assert.Equal(1, (await api.Grains.Ref<ICommentsGrain>(0).GetModeratedItemAsync(comment))!.Reach);
    }

    [Fact]
    public async Task GetComment_MissingOrOnAnItemTheViewerCannotSee_Is404()
    {
        var (_, a) = await _client.SignUpAsync();
        var (_, other) = await _client.SignUpAsync();
        var hidden = (await _client.CreatePostAsync(a.AccessToken, "just me", "private")).GetProperty("id").GetGuid();
        var comment = (await _client.CommentAsync(a.AccessToken, $"/api/v1/posts/{hidden}", "note to self")).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/comments/{comment}", a.AccessToken));
        await (await _client.GetAsync($"/api/v1/comments/{comment}", other.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/comments/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Null(await api.Grains.Ref<ICommentsGrain>(0).GetModeratedItemAsync(Guid.NewGuid()));
    }

    /// <summary>The item's comment count, as its content grain holds it and as committed.</summary>
    private async Task<long> CommentCountAsync(Guid item)
    {
        var held = (await api.Grains.Ref<IContentGrain>(item).GetCountsAsync()).Comments;
        Assert.Equal(held, await api.Database.ScalarAsync<long>("SELECT comments FROM content_counters WHERE content_id = $1", item));
        return held;
    }
}
