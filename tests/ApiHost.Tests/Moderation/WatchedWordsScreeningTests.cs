using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces.Comments;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Posts;
using SocialFlow.Grains.Interfaces.Videos;
using static SocialFlow.ApiHost.Tests.Moderation.ContentModerationApi;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>New and edited text is screened against the watched words before it is stored: hold keeps it from others
/// until approved, and anything matched is flagged for the moderation queue in the same transaction.</summary>
[Collection(ApiCollection.Name)]
public sealed class WatchedWordsScreeningTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<string> ModeratorTokenAsync() =>
        await api.Factory.GrantRoleAsync((await _client.SignUpAsync()).Tokens.AccessToken, "moderator");

    [Fact]
    public async Task HoldWord_HoldsPostAndComment_FromOthersUntilApproved_FlagWordOnlyFlags()
    {
        var moderator = await ModeratorTokenAsync();
        var (hold, flag) = (UniqueWord(), UniqueWord());
        await _client.SetWatchedWordsAsync(moderator, (hold, "hold"), (flag, "flag"));
        try
        {
            var (_, a) = await _client.SignUpAsync();
            var (_, other) = await _client.SignUpAsync();
            var held = await _client.CreatePostAsync(a.AccessToken, $"some {hold.ToUpperInvariant()} text");
            var heldId = held.GetProperty("id").GetGuid();
            Assert.Equal("held", held.GetProperty("moderation").GetProperty("standing").GetString());
            var flagged = (await _client.CreatePostAsync(a.AccessToken, $"some {flag} text")).GetProperty("id").GetGuid();
            var clean = (await _client.CreatePostAsync(a.AccessToken, "nothing to see")).GetProperty("id").GetGuid();

            Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/posts/{heldId}", other.AccessToken));
            Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/posts/{flagged}", other.AccessToken));
            Assert.Equal((1L, 1L, 0L), (await api.FlaggedCountAsync(heldId), await api.FlaggedCountAsync(flagged), await api.FlaggedCountAsync(clean)));

            var comment = await _client.CommentAsync(other.AccessToken, $"/api/v1/posts/{clean}", $"you {hold}");
            var commentId = comment.GetProperty("id").GetGuid();
            Assert.Equal("held", comment.GetProperty("moderation").GetProperty("standing").GetString());
            Assert.DoesNotContain(commentId, await _client.ItemIdsAsync($"/api/v1/posts/{clean}/comments", a.AccessToken));
            Assert.Equal(1, await api.FlaggedCountAsync(commentId));
            Assert.Equal(0, (await api.Grains.Ref<IContentGrain>(clean).GetCountsAsync()).Comments); // a held comment is not counted
            // Held items tell nobody: no comment notice quotes the text, followers hear of no held post.
            Assert.Equal(0, await api.Database.ScalarAsync<long>(
                "SELECT count(*) FROM outbox_events WHERE stream_namespace = 'engagement' AND payload->>'comment_id' = $1", commentId.ToString()));
            Assert.Equal("held", await api.Database.ScalarAsync<string>(
                "SELECT payload->>'moderation' FROM outbox_events WHERE stream_namespace = 'posts' AND kind = 'created' AND stream_key = $1", heldId));

            // An edit is screened too: a clean comment edited to a hold word is held.
            var edited = (await _client.CommentAsync(other.AccessToken, $"/api/v1/posts/{clean}", "fine")).GetProperty("id").GetGuid();
            var patched = await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/comments/{edited}", new { text = $"not {hold}" }, other.AccessToken);
            Assert.Equal("held", (await patched.ReadJsonAsync()).GetProperty("moderation").GetProperty("standing").GetString());
            Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/comments/{edited}", a.AccessToken));
            Assert.Equal(0, (await api.Grains.Ref<IContentGrain>(clean).GetCountsAsync()).Comments);

            var by = Moderator(Guid.NewGuid());
            Assert.Equal(ContentStanding.Visible, (await api.Grains.Ref<IPostGrain>(heldId).ModerateAsync(ContentAction.Approve, by, ""))!.Standing);
            await api.Grains.Ref<ICommentsGrain>(0).ModerateAsync(commentId, ContentAction.Approve, by, "");
            Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/posts/{heldId}", other.AccessToken));
            Assert.Contains(commentId, await _client.ItemIdsAsync($"/api/v1/posts/{clean}/comments", a.AccessToken));
            Assert.Equal(1, (await api.Grains.Ref<IContentGrain>(clean).GetCountsAsync()).Comments);
        }
        finally
        {
            await _client.SetWatchedWordsAsync(moderator);
        }
    }

    [Fact]
    public async Task HoldWord_InAPostEditOrVideoTitle_HoldsIt()
    {
        var moderator = await ModeratorTokenAsync();
        var hold = UniqueWord();
        await _client.SetWatchedWordsAsync(moderator, (hold, "hold"));
        try
        {
            var (owner, a) = await _client.SignUpAsync();
            var (_, other) = await _client.SignUpAsync();
            var post = (await _client.CreatePostAsync(a.AccessToken, "innocent")).GetProperty("id").GetGuid();
            var patched = await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/posts/{post}", new { text = $"now {hold}" }, a.AccessToken);
            Assert.Equal("held", (await patched.ReadJsonAsync()).GetProperty("moderation").GetProperty("standing").GetString());
            Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/posts/{post}", other.AccessToken));
            Assert.Equal(1, await api.FlaggedCountAsync(post));

            var created = await _client.PostJsonAsync("/api/v1/videos", new { title = $"my {hold}", visibility = "public", size = 1000 }, a.AccessToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var video = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
            var item = await api.Grains.Ref<IVideoGrain>(video).GetModeratedItemAsync();
            Assert.Equal((ContentStanding.Held, owner.Id), (item!.Standing, item.OwnerId));
            Assert.Equal(1, await api.FlaggedCountAsync(video));
        }
        finally
        {
            await _client.SetWatchedWordsAsync(moderator);
        }
    }
}
