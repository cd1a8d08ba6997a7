using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>`POST /moderation/actions`: a moderator acts on something nobody reported, and takes an action back.</summary>
[Collection(ApiCollection.Name)]
public sealed class DirectActionTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ARemoval_WithoutAReport_StrikesTheAuthor_AndARestoreUndoesBoth()
    {
        var (_, author) = await _client.SignUpAsync();
        var (_, reader) = await _client.SignUpAsync();
        var (_, moderator) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(moderator.AccessToken, "moderator");
        var post = (await _client.CreatePostAsync(author.AccessToken, "nobody reported this")).GetProperty("id").GetGuid();

        var removed = await ActAsync(asModerator, "post", post, "remove", "spam links");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var item = await removed.ReadJsonAsync();
        Assert.Equal(("resolved", "remove", 0), (item.GetProperty("status").GetString(), item.GetProperty("action").GetString(), item.GetProperty("report_count").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/posts/{post}", reader.AccessToken));
        var strike = (await _client.OkJsonAsync("/api/v1/users/me/strikes", author.AccessToken)).GetProperty("items")[0];
        Assert.Equal(("remove", false), (strike.GetProperty("action").GetString(), strike.GetProperty("reversed").GetBoolean()));

        var restored = await ActAsync(asModerator, "post", post, "restore", "the links were fine after all");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal("restore", (await restored.ReadJsonAsync()).GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/posts/{post}", reader.AccessToken));
        strike = Assert.Single((await _client.OkJsonAsync("/api/v1/users/me/strikes", author.AccessToken)).GetProperty("items").EnumerateArray());
        Assert.True(strike.GetProperty("reversed").GetBoolean());
        var notice = await Eventually.ReturnsAsync(async () =>
            (await _client.OkJsonAsync("/api/v1/notifications", author.AccessToken)).GetProperty("items").EnumerateArray()
                .Where(n => n.GetProperty("subject_kind").GetString() == "restored").Select(n => n.GetProperty("text").GetString()).FirstOrDefault(),
            TimeSpan.FromSeconds(20), "a restore notice");
        Assert.Contains("the links were fine after all", notice);
        Assert.Equal(2, await api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'case.resolved' AND target_id = $1", post.ToString()));
    }

    [Fact]
    public async Task AHold_HidesTheItem_AndKeepsItsCaseOpen_UntilApproved()
    {
        var (_, author) = await _client.SignUpAsync();
        var (_, reader) = await _client.SignUpAsync();
        var (_, moderator) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(moderator.AccessToken, "moderator");
        var post = (await _client.CreatePostAsync(author.AccessToken, "needs a closer look")).GetProperty("id").GetGuid();

        var held = await (await ActAsync(asModerator, "post", post, "hold", "checking the claims")).ReadJsonAsync();
        Assert.Equal(("open", true), (held.GetProperty("status").GetString(), held.GetProperty("held").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/posts/{post}", reader.AccessToken));
        Assert.Equal("held", (await _client.OkJsonAsync($"/api/v1/posts/{post}", author.AccessToken)).GetProperty("moderation").GetProperty("standing").GetString());
        Assert.Empty((await _client.OkJsonAsync("/api/v1/users/me/strikes", author.AccessToken)).GetProperty("items").EnumerateArray());

        var caseId = held.GetProperty("id").GetGuid();
        var approved = await _client.PostJsonAsync($"/api/v1/moderation/queue/{caseId}/resolve", new { action = "approve", reason = "checked" }, asModerator);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/posts/{post}", reader.AccessToken));
    }

    [Fact]
    public async Task BadTargetsAndActions_AreRefused_AndChangeNothing()
    {
        var (user, author) = await _client.SignUpAsync();
        var (_, moderator) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(moderator.AccessToken, "moderator");
        var post = (await _client.CreatePostAsync(author.AccessToken, "fine")).GetProperty("id").GetGuid();

        await (await ActAsync(asModerator, "post", Guid.NewGuid(), "remove", "x")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ActAsync(asModerator, "appeal", post, "approve", "x")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await ActAsync(asModerator, "post", post, "explode", "x")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await ActAsync(asModerator, "user", user.Id, "remove", "x")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "action_not_applicable");
        await (await ActAsync(author.AccessToken, "post", post, "remove", "x")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/posts/{post}", moderator.AccessToken));
        Assert.Empty((await _client.OkJsonAsync("/api/v1/users/me/strikes", author.AccessToken)).GetProperty("items").EnumerateArray());
    }

    private Task<HttpResponseMessage> ActAsync(string token, string type, Guid id, string action, string reason) =>
        _client.PostJsonAsync("/api/v1/moderation/actions", new { target_type = type, target_id = id, action, reason }, token);
}
