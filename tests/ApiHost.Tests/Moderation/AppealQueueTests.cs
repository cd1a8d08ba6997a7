using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>An appeal is an item of the moderation queue: claimed and decided there or through the appeals route, which
/// honours the same claim.</summary>
[Collection(ApiCollection.Name)]
public sealed class AppealQueueTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task AnAppeal_IsAQueueItem_WithTheStrikeAndTheStruckItem_DecidedUnderTheQueuesClaim()
    {
        var (authorUser, author) = await _client.SignUpAsync();
        var (_, reporter) = await _client.SignUpAsync();
        var (_, first) = await _client.SignUpAsync();
        var asFirst = await api.Factory.GrantRoleAsync(first.AccessToken, "moderator");
        var (_, second) = await _client.SignUpAsync();
        var asSecond = await api.Factory.GrantRoleAsync(second.AccessToken, "moderator");
        var post = await RemovedPostAsync(author.AccessToken, reporter.AccessToken, asFirst);
        var strikeId = (await _client.OkJsonAsync("/api/v1/users/me/strikes", author.AccessToken)).GetProperty("items")[0].GetProperty("id").GetGuid();
        var appealId = (await (await _client.PostJsonAsync("/api/v1/appeals", new { strike_id = strikeId, text = "it was satire" }, author.AccessToken))
            .ReadJsonAsync()).GetProperty("id").GetGuid();

        var item = (await _client.QueueAsync(asSecond, "target_type=appeal")).Single(i => i.GetProperty("id").GetGuid() == appealId);
        Assert.Equal(("appeal", appealId, "open"), (item.GetProperty("target_type").GetString(), item.GetProperty("target_id").GetGuid(), item.GetProperty("status").GetString()));
        Assert.Equal(("appeal", "it was satire"), (item.GetProperty("latest_reports")[0].GetProperty("reason").GetString(), item.GetProperty("latest_reports")[0].GetProperty("text").GetString()));
        Assert.Equal((strikeId, "remove"), (item.GetProperty("appeal").GetProperty("strike").GetProperty("id").GetGuid(), item.GetProperty("appeal").GetProperty("strike").GetProperty("action").GetString()));
        Assert.Equal(post, item.GetProperty("target").GetProperty("id").GetGuid());
        Assert.Equal(authorUser.Id, item.GetProperty("author").GetProperty("id").GetGuid());
        Assert.True(item.GetProperty("priority").GetDouble() > 0);
        Assert.DoesNotContain(await _client.QueueAsync(asSecond, "target_type=post"), i => i.GetProperty("id").GetGuid() == appealId);

        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/moderation/queue/{appealId}/claim", new { }, asSecond)).StatusCode);
        await (await _client.PostJsonAsync($"/api/v1/moderation/appeals/{appealId}/decide", new { approve = false, reason = "no" }, asFirst))
            .AssertProblemAsync(HttpStatusCode.Conflict, "claimed");
        await (await _client.ResolveAsync(asSecond, appealId, new { action = "warn", reason = "x" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "action_not_applicable");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync($"/api/v1/moderation/appeals/{post}/decide", new { approve = true, reason = "x" }, asSecond)).StatusCode);

        var decided = await _client.ResolveAsync(asSecond, appealId, new { action = "approve", reason = "satire is allowed" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var resolved = await decided.ReadJsonAsync();
        Assert.Equal(("resolved", "approved"), (resolved.GetProperty("status").GetString(), resolved.GetProperty("appeal").GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/posts/{post}", reporter.AccessToken));
        Assert.True((await _client.OkJsonAsync("/api/v1/users/me/strikes", author.AccessToken)).GetProperty("items")[0].GetProperty("reversed").GetBoolean());
        await (await _client.PostJsonAsync($"/api/v1/moderation/appeals/{appealId}/decide", new { approve = false, reason = "no" }, asFirst))
            .AssertProblemAsync(HttpStatusCode.Conflict, "already_decided");
        Assert.DoesNotContain(await _client.QueueAsync(asSecond, "target_type=appeal"), i => i.GetProperty("id").GetGuid() == appealId);
        Assert.Contains(await _client.QueueAsync(asSecond, "status=resolved&target_type=appeal"), i => i.GetProperty("id").GetGuid() == appealId);
        var pending = await _client.OkJsonAsync("/api/v1/moderation/appeals?limit=100", asSecond);
        Assert.DoesNotContain(pending.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == appealId);
    }

    [Fact]
    public async Task AModerator_DoesNotDecideTheirOwnAppeal_AndARejectionKeepsTheStrike()
    {
        var (_, moderator) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(moderator.AccessToken, "moderator");
        var (_, admin) = await _client.SignUpAsync();
        var asAdmin = await api.Factory.GrantRoleAsync(admin.AccessToken, "admin");
        var (_, reporter) = await _client.SignUpAsync();
        var post = await RemovedPostAsync(asModerator, reporter.AccessToken, asAdmin);
        var strikeId = (await _client.OkJsonAsync("/api/v1/users/me/strikes", asModerator)).GetProperty("items")[0].GetProperty("id").GetGuid();
        var appealId = (await (await _client.PostJsonAsync("/api/v1/appeals", new { strike_id = strikeId, text = "mine was fine" }, asModerator))
            .ReadJsonAsync()).GetProperty("id").GetGuid();

        await (await _client.ResolveAsync(asModerator, appealId, new { action = "approve", reason = "I agree with me" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _client.PostJsonAsync($"/api/v1/moderation/appeals/{appealId}/decide", new { approve = true, reason = "me too" }, asModerator))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        var rejected = await _client.PostJsonAsync($"/api/v1/moderation/appeals/{appealId}/decide", new { approve = false, reason = "the rules are clear" }, asAdmin);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("rejected", (await rejected.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.False((await _client.OkJsonAsync("/api/v1/users/me/strikes", asModerator)).GetProperty("items")[0].GetProperty("reversed").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/posts/{post}", reporter.AccessToken));
        var item = await _client.OkJsonAsync($"/api/v1/moderation/queue/{appealId}", asAdmin);
        Assert.Equal(("resolved", "dismiss"), (item.GetProperty("status").GetString(), item.GetProperty("action").GetString()));
    }

    /// <summary>A post by the author, reported by the reporter and removed by the moderator: a strike on the author.</summary>
    private async Task<Guid> RemovedPostAsync(string author, string reporter, string moderator)
    {
        var post = (await _client.CreatePostAsync(author, "a joke some will not get")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync("/api/v1/reports", new { target_type = "post", target_id = post, reason = "hate" }, reporter)).StatusCode);
        var caseId = (await _client.QueueAsync(moderator, "target_type=post&reason=hate")).Single(i => i.GetProperty("target_id").GetGuid() == post).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await _client.ResolveAsync(moderator, caseId, new { action = "remove", reason = "hateful" })).StatusCode);
        return post;
    }
}
