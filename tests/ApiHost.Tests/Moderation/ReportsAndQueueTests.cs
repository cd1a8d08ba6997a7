using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>Reports, the queue (one item per target, by priority), claims and decisions, strikes, appeals, and what
/// reporters and accounts are told.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReportsAndQueueTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Report_OncePerReporterAndTarget_NotOwnContent_NotWhatOneCannotSee_AndBadInputIs400()
    {
        var (_, author) = await _client.SignUpAsync();
        var (_, reporter) = await _client.SignUpAsync();
        var post = await PostIdAsync(author.AccessToken, "a post someone will not like");
        var privatePost = (await _client.CreatePostAsync(author.AccessToken, "only for me", "private")).GetProperty("id").GetGuid();

        var first = await ReportAsync(reporter.AccessToken, "post", post, "spam", "selling things");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var report = await first.ReadJsonAsync();
        Assert.Equal("open", report.GetProperty("status").GetString());
        Assert.Equal("post", report.GetProperty("target_type").GetString());

        var again = await ReportAsync(reporter.AccessToken, "post", post, "hate");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(report.GetProperty("id").GetGuid(), (await again.ReadJsonAsync()).GetProperty("id").GetGuid());

        await (await ReportAsync(author.AccessToken, "post", post, "spam")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "own_content");
        await (await ReportAsync(reporter.AccessToken, "post", privatePost, "spam")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(reporter.AccessToken, "post", Guid.NewGuid(), "spam")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(reporter.AccessToken, "video", post, "spam")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(reporter.AccessToken, "tweet", post, "spam")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await ReportAsync(reporter.AccessToken, "post", post, "boring")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await ReportAsync(reporter.AccessToken, "post", post, "spam", new string('x', 1_001))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.PostJsonAsync("/api/v1/reports", new { target_type = "post", target_id = post, reason = "spam" })).StatusCode);

        var mine = await (await _client.GetAsync("/api/v1/reports/mine", reporter.AccessToken)).ReadJsonAsync();
        Assert.Equal([report.GetProperty("id").GetGuid()], mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Queue_HasOneItemPerTarget_RankedByWeightedReporters_AndAClaimKeepsOthersOff()
    {
        var (authorUser, author) = await _client.SignUpAsync();
        var reporters = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _client.SignUpAsync()));
        var (_, moderator) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(moderator.AccessToken, "moderator");
        var (_, other) = await _client.SignUpAsync();
        var asOther = await api.Factory.GrantRoleAsync(other.AccessToken, "moderator");
        var mild = await PostIdAsync(author.AccessToken, "mildly annoying");
        var severe = await PostIdAsync(author.AccessToken, "something illegal");
        await ReportAsync(reporters[0].Item2.AccessToken, "post", mild, "spam");
        foreach (var (_, tokens) in reporters) await ReportAsync(tokens.AccessToken, "post", severe, "illegal", "please look");

        var queue = await _client.QueueAsync(asModerator, "target_type=post");
        var severeItem = queue.Single(i => i.GetProperty("target_id").GetGuid() == severe);
        var mildItem = queue.Single(i => i.GetProperty("target_id").GetGuid() == mild);
        Assert.Equal(3, severeItem.GetProperty("report_count").GetInt32());
        Assert.Equal(3, severeItem.GetProperty("reporter_count").GetInt32());
        Assert.Equal(["illegal"], severeItem.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("please look", severeItem.GetProperty("latest_reports")[0].GetProperty("text").GetString());
        Assert.Equal(authorUser.Id, severeItem.GetProperty("author").GetProperty("id").GetGuid());
        Assert.True(severeItem.GetProperty("priority").GetDouble() > mildItem.GetProperty("priority").GetDouble());
        Assert.True(queue.IndexOf(severeItem) < queue.IndexOf(mildItem), "the higher priority comes first");
        Assert.Equal(1, queue.Count(i => i.GetProperty("target_id").GetGuid() == severe));

        var caseId = severeItem.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync($"/api/v1/moderation/queue/{caseId}/claim", new { }, asModerator)).StatusCode);
        await (await _client.PostJsonAsync($"/api/v1/moderation/queue/{caseId}/claim", new { }, asOther)).AssertProblemAsync(HttpStatusCode.Conflict, "claimed");
        await (await _client.ResolveAsync(asOther, caseId, new { action = "remove", reason = "illegal" })).AssertProblemAsync(HttpStatusCode.Conflict, "claimed");
        await (await _client.ResolveAsync(asModerator, caseId, new { action = "explode", reason = "x" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.ResolveAsync(asModerator, caseId, new { action = "warn", reason = "x", duration = "P1D" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.ResolveAsync(asModerator, Guid.NewGuid(), new { action = "warn", reason = "x" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/api/v1/moderation/queue?target_type=tweet", asModerator)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Resolving_ResolvesEveryReport_TellsReporters_StrikesTheAuthor_WhoAppealsOnce_AndApprovalReverses()
    {
        var (_, author) = await _client.SignUpAsync();
        var (_, reporter) = await _client.SignUpAsync();
        var (moderatorUser, moderator) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(moderator.AccessToken, "moderator");
        var (_, admin) = await _client.SignUpAsync();
        var asAdmin = await api.Factory.GrantRoleAsync(admin.AccessToken, "admin");
        var post = await PostIdAsync(author.AccessToken, "rude words");
        await ReportAsync(reporter.AccessToken, "post", post, "harassment");
        var caseId = (await _client.QueueAsync(asModerator, "target_type=post&reason=harassment")).Single(i => i.GetProperty("target_id").GetGuid() == post).GetProperty("id").GetGuid();

        var resolved = await _client.ResolveAsync(asModerator, caseId, new { action = "warn", reason = "Be kind to others", note = "first time" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("resolved", (await resolved.ReadJsonAsync()).GetProperty("status").GetString());
        await (await _client.ResolveAsync(asModerator, caseId, new { action = "warn", reason = "again" })).AssertProblemAsync(HttpStatusCode.Conflict, "already_resolved");
        Assert.DoesNotContain(await _client.QueueAsync(asModerator, "target_type=post"), i => i.GetProperty("id").GetGuid() == caseId);
        Assert.Contains(await _client.QueueAsync(asModerator, "status=resolved&target_type=post"), i => i.GetProperty("id").GetGuid() == caseId);

        var report = (await (await _client.GetAsync("/api/v1/reports/mine", reporter.AccessToken)).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal(("resolved", "warned"), (report.GetProperty("status").GetString(), report.GetProperty("outcome").GetString()));
        var told = await NoticeAsync(reporter.AccessToken, "report");
        Assert.Contains("warned", told);
        Assert.DoesNotContain(moderatorUser.Username, told);

        var strikes = (await (await _client.GetAsync("/api/v1/users/me/strikes", author.AccessToken)).ReadJsonAsync()).GetProperty("items");
        var strike = Assert.Single(strikes.EnumerateArray());
        Assert.Equal(("warn", "Be kind to others", false), (strike.GetProperty("action").GetString(), strike.GetProperty("reason").GetString(), strike.GetProperty("reversed").GetBoolean()));
        Assert.Contains("appeal", await NoticeAsync(author.AccessToken, "strike"));

        var strikeId = strike.GetProperty("id").GetGuid();
        await (await _client.PostJsonAsync("/api/v1/appeals", new { strike_id = strikeId, text = "it was a joke" }, reporter.AccessToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        var appeal = await _client.PostJsonAsync("/api/v1/appeals", new { strike_id = strikeId, text = "it was a joke between friends" }, author.AccessToken);
        Assert.Equal(HttpStatusCode.Created, appeal.StatusCode);
        var appealId = (await appeal.ReadJsonAsync()).GetProperty("id").GetGuid();
        await (await _client.PostJsonAsync("/api/v1/appeals", new { strike_id = strikeId, text = "again" }, author.AccessToken)).AssertProblemAsync(HttpStatusCode.Conflict, "already_appealed");

        var pending = await (await _client.GetAsync("/api/v1/moderation/appeals?limit=100", asModerator)).ReadJsonAsync();
        Assert.Contains(pending.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == appealId);
        var decided = await _client.PostJsonAsync($"/api/v1/moderation/appeals/{appealId}/decide", new { approve = true, reason = "fair enough" }, asModerator);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("approved", (await decided.ReadJsonAsync()).GetProperty("status").GetString());
        await (await _client.PostJsonAsync($"/api/v1/moderation/appeals/{appealId}/decide", new { approve = false, reason = "no" }, asModerator))
            .AssertProblemAsync(HttpStatusCode.Conflict, "already_decided");
        strike = (await (await _client.GetAsync("/api/v1/users/me/strikes", author.AccessToken)).ReadJsonAsync()).GetProperty("items")[0];
        Assert.True(strike.GetProperty("reversed").GetBoolean());
        Assert.Contains("approved", await NoticeAsync(author.AccessToken, "appeal"));

        var audit = await (await _client.GetAsync($"/api/v1/admin/audit-log?target={post}", asAdmin)).ReadJsonAsync();
        var row = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal(("case.resolved", "Be kind to others"), (row.GetProperty("action").GetString(), row.GetProperty("reason").GetString()));
        Assert.Equal(resolved.Headers.GetValues("X-Request-Id").Single(), row.GetProperty("request_id").GetString());
        Assert.Single((await (await _client.GetAsync($"/api/v1/admin/audit-log?action=appeal.decided&target={strikeId}", asAdmin)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AModerator_DoesNotDecideOnTheirOwnContent_NorOnAnAdmins_ButAnAdminDoes()
    {
        var (_, moderator) = await _client.SignUpAsync();
        var asModerator = await api.Factory.GrantRoleAsync(moderator.AccessToken, "moderator");
        var (_, admin) = await _client.SignUpAsync();
        var asAdmin = await api.Factory.GrantRoleAsync(admin.AccessToken, "admin");
        var (_, reporter) = await _client.SignUpAsync();
        var own = await PostIdAsync(asModerator, "the moderator's post");
        var admins = await PostIdAsync(asAdmin, "the admin's post");
        await ReportAsync(reporter.AccessToken, "post", own, "spam");
        await ReportAsync(reporter.AccessToken, "post", admins, "spam");
        var queue = await _client.QueueAsync(asAdmin, "target_type=post&reason=spam");
        var ownCase = queue.Single(i => i.GetProperty("target_id").GetGuid() == own).GetProperty("id").GetGuid();
        var adminCase = queue.Single(i => i.GetProperty("target_id").GetGuid() == admins).GetProperty("id").GetGuid();

        await (await _client.ResolveAsync(asModerator, ownCase, new { action = "dismiss", reason = "mine is fine" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _client.ResolveAsync(asModerator, adminCase, new { action = "warn", reason = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _client.PostJsonAsync($"/api/v1/moderation/queue/{adminCase}/claim", new { }, asModerator)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await _client.ResolveAsync(asAdmin, ownCase, new { action = "dismiss", reason = "not spam" })).StatusCode);
        await (await _client.ResolveAsync(asAdmin, adminCase, new { action = "dismiss", reason = "mine" })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<Guid> PostIdAsync(string token, string text) => (await _client.CreatePostAsync(token, text)).GetProperty("id").GetGuid();

    private Task<HttpResponseMessage> ReportAsync(string token, string type, Guid id, string reason, string? text = null) =>
        _client.PostJsonAsync("/api/v1/reports", new { target_type = type, target_id = id, reason, text }, token);

    /// <summary>The text of the caller's newest system notification about a report, strike or appeal (they arrive through events).</summary>
    private Task<string> NoticeAsync(string token, string kind) =>
        Eventually.ReturnsAsync(async () =>
        {
            var items = (await (await _client.GetAsync("/api/v1/notifications", token)).ReadJsonAsync()).GetProperty("items").EnumerateArray();
            return items.Where(n => n.GetProperty("subject_kind").GetString() == kind).Select(n => n.GetProperty("text").GetString()).FirstOrDefault();
        }, TimeSpan.FromSeconds(20), $"a {kind} notice")!;
}
