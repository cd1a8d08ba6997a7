using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Feeds;
using SocialFlow.ApiHost.Tests.Moderation;
using SocialFlow.ApiHost.Tests.Posts;

namespace SocialFlow.ApiHost.Tests.Payments;

/// <summary>Members-only posts where posts are read: the post itself (403 naming the tier), lists and the home feed
/// (locked: no text, no images), comments (403), and search (never found by their words).</summary>
[Collection(PaymentsCollection.Name)]
public sealed class MembersOnlyPostTests(PaymentsFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task MembersOnlyPost_403ToOthers_LockedInListsAndFeeds_WholeForMembersAndTheAuthor()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 3);
        var (creator, member, follower) = (users[0], users[1], users[2]);
        var tier = await _client.TierAsync(creator.Token, 1, 300);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/users/{creator.Username}/follow", null, follower.Token)).StatusCode);
        await _client.SubscribedAsync(member.Token, tier);
        var secret = "for members " + Guid.NewGuid().ToString("N")[..8];
        var image = await UploadImageAsync(creator.Token);
        var post = await CreateAsync(creator.Token, new { text = secret, media_ids = new[] { image }, members_only = true });

        using (var refused = await _client.GetAsync($"/api/v1/posts/{post}", follower.Token))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "membership_required");
            Assert.Equal((creator.Id, 1), (problem.GetProperty("creator_id").GetGuid(), problem.GetProperty("min_rank").GetInt32()));
            Assert.DoesNotContain(secret, problem.GetRawText());
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.GetAsync($"/api/v1/posts/{post}")).StatusCode);
        Assert.Equal(secret, (await ReadAsync($"/api/v1/posts/{post}", member.Token)).GetProperty("text").GetString());
        Assert.Equal(secret, (await ReadAsync($"/api/v1/posts/{post}", creator.Token)).GetProperty("text").GetString());
        await (await _client.GetAsync($"/api/v1/posts/media/{image}", follower.Token)).AssertProblemAsync(HttpStatusCode.Forbidden, "membership_required");
        using (var shown = await _client.GetAsync($"/api/v1/posts/media/{image}", member.Token))
        {
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            Assert.True(shown.Headers.CacheControl!.Private);
        }

        var listed = await ItemAsync($"/api/v1/users/{creator.Username}/posts", follower.Token, post);
        AssertLocked(listed, creator.Id, secret);
        Assert.Equal(secret, (await ItemAsync($"/api/v1/users/{creator.Username}/posts", member.Token, post)).GetProperty("text").GetString());

        await _client.HomeIdsWhenAsync(follower.Token, ids => ids.Contains(post));
        var fed = (await _client.HomeAsync(follower.Token, "?limit=50")).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == post);
        AssertLocked(fed, creator.Id, secret);

        await (await _client.GetAsync($"/api/v1/posts/{post}/comments", follower.Token)).AssertProblemAsync(HttpStatusCode.Forbidden, "membership_required");
        var comment = await _client.PostJsonAsync($"/api/v1/posts/{post}/comments", new { text = "let me in" }, follower.Token);
        await comment.AssertProblemAsync(HttpStatusCode.Forbidden, "membership_required");
        await _client.CommentAsync(member.Token, $"/api/v1/posts/{post}", "thanks for this");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/posts/{post}/comments", member.Token)).StatusCode);
    }

    [Fact]
    public async Task PostMadeMembersOnly_LeavesSearch_AndComesBackWhenOpened_WhileTheFollowersFeedLocksIt()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 2);
        var (creator, reader) = (users[0], users[1]);
        var word = "mo" + Guid.NewGuid().ToString("N")[..10];
        var post = await CreateAsync(creator.Token, new { text = $"{word} open for now" });
        await FoundAsync(word, reader.Token, [post]);

        var set = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/posts/{post}/access", new { members_only = true, min_rank = 3 }, creator.Token);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var rule = await set.ReadJsonAsync();
        Assert.Equal(("post", true, 3, true), (rule.GetProperty("kind").GetString(), rule.GetProperty("members_only").GetBoolean(),
            rule.GetProperty("min_rank").GetInt32(), rule.GetProperty("allowed").GetBoolean()));
        Assert.False((await ReadAsync($"/api/v1/posts/{post}/access", reader.Token)).GetProperty("allowed").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.GetAsync($"/api/v1/posts/{post}", reader.Token)).StatusCode);
        await FoundAsync(word, reader.Token, []);
        await FoundAsync(word, creator.Token, []);

        await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/posts/{post}/access", new { members_only = false }, creator.Token);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/posts/{post}", reader.Token)).StatusCode);
        await FoundAsync(word, reader.Token, [post]);
    }

    [Fact]
    public async Task PostAccess_OnlyTheAuthorSetsIt_AndBadRulesAre400()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 2);
        var post = await CreateAsync(users[0].Token, new { text = "mine" });

        var stranger = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/posts/{post}/access", new { members_only = true }, users[1].Token);
        await stranger.AssertProblemAsync(HttpStatusCode.Forbidden, "not_owner");
        var missing = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/posts/{Guid.NewGuid()}/access", new { members_only = true }, users[0].Token);
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var rank = await _client.PostJsonAsync("/api/v1/posts", new { text = "x", members_only = true, min_rank = 101 }, users[0].Token);
        Assert.Equal(HttpStatusCode.BadRequest, rank.StatusCode);
        var stray = await _client.PostJsonAsync("/api/v1/posts", new { text = "x", min_rank = 2 }, users[0].Token);
        Assert.Equal(HttpStatusCode.BadRequest, stray.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/posts/{post}", users[1].Token)).StatusCode);
    }

    private static void AssertLocked(JsonElement item, Guid creatorId, string secret)
    {
        Assert.DoesNotContain(secret, item.GetRawText());
        Assert.Equal(0, item.GetProperty("media").GetArrayLength());
        var locked = item.GetProperty("locked");
        Assert.Equal(("membership_required", creatorId), (locked.GetProperty("reason").GetString(), locked.GetProperty("creator_id").GetGuid()));
    }

    private async Task<Guid> UploadImageAsync(string token)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await TestImages.PngAsync(32, 24));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "picture.png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/posts/media") { Content = form };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> CreateAsync(string token, object body)
    {
        var response = await _client.PostJsonAsync("/api/v1/posts", body, token);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create post: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> ReadAsync(string url, string token)
    {
        var response = await _client.GetAsync(url, token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    private async Task<JsonElement> ItemAsync(string url, string token, Guid id) =>
        (await ReadAsync(url, token)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);

    /// <summary>Waits (up to 10 s) until the search for the word finds exactly these posts.</summary>
    private async Task FoundAsync(string word, string token, Guid[] expected)
    {
        var found = await Eventually.ValueAsync(() => _client.ItemIdsAsync($"/api/v1/search?q={word}&limit=10", token),
            ids => ids.Order().SequenceEqual(expected.Order()), TimeSpan.FromSeconds(10));
        Assert.Equal(expected.Order(), found.Order());
    }
}
