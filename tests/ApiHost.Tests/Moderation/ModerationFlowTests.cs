using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Live.Chat;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;
using static SocialFlow.ApiHost.Tests.Moderation.ContentModerationApi;

namespace SocialFlow.ApiHost.Tests.Moderation;

/// <summary>Reports through to their effect: removal and its reversal on appeal, suspension and ban, watched-word
/// flags and holds in the queue, and chat reports that go to the stream's moderators first.</summary>
[Collection(ApiCollection.Name)]
public sealed class ModerationFlowTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task RemovingAReportedPost_HidesIt_TellsTheReporter_AndAnApprovedAppealRestoresIt()
    {
        var (authorUser, author) = await _client.SignUpAsync();
        var (_, reporter) = await _client.SignUpAsync();
        var moderator = await ModeratorAsync();
        var post = (await _client.CreatePostAsync(author.AccessToken, "buy cheap pills")).GetProperty("id").GetGuid();
        var quiet = (await _client.CreatePostAsync(author.AccessToken, "nothing to see")).GetProperty("id").GetGuid();
        await ReportAsync(reporter.AccessToken, "post", post, "spam");

        var console = $"/api/v1/admin/content?type=post&author={authorUser.Username}";
        var reported = (await _client.OkJsonAsync($"{console}&reported=true", moderator)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(post, 1)], reported.Select(i => (i.GetProperty("id").GetGuid(), i.GetProperty("open_reports").GetInt32())));
        Assert.Equal([quiet], (await _client.ItemIdsAsync($"{console}&reported=false", moderator)));
        await (await _client.GetAsync($"{console}&reported=maybe", moderator)).AssertProblemAsync(HttpStatusCode.BadRequest);

        await ResolvedAsync(moderator, await CaseOfAsync(moderator, post), new { action = "remove", reason = "spam links" });

        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/posts/{post}", reporter.AccessToken));
        var own = await _client.OkJsonAsync($"/api/v1/posts/{post}", author.AccessToken);
        Assert.Equal("removed", own.GetProperty("moderation").GetProperty("standing").GetString());
        var report = (await _client.OkJsonAsync("/api/v1/reports/mine", reporter.AccessToken)).GetProperty("items")[0];
        Assert.Equal("removed", report.GetProperty("outcome").GetString());
        Assert.Contains("removed", await NoticeAsync(reporter.AccessToken, "report"));

        var strike = (await _client.OkJsonAsync("/api/v1/users/me/strikes", author.AccessToken)).GetProperty("items")[0];
        Assert.Equal(("remove", post), (strike.GetProperty("action").GetString(), strike.GetProperty("target_id").GetGuid()));
        var appeal = await _client.PostJsonAsync("/api/v1/appeals", new { strike_id = strike.GetProperty("id").GetGuid(), text = "it was a joke" }, author.AccessToken);
        var appealId = (await appeal.ReadJsonAsync()).GetProperty("id").GetGuid();
        var decided = await _client.PostJsonAsync($"/api/v1/moderation/appeals/{appealId}/decide", new { approve = true, reason = "context matters" }, moderator);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/posts/{post}", reporter.AccessToken));
    }

    [Fact]
    public async Task SuspendingAReportedAccount_RefusesItsNextRequestAndSignIn_AdminBanAndUnbanToo()
    {
        var (target, targetTokens) = await _client.SignUpAsync();
        var (_, reporter) = await _client.SignUpAsync();
        var moderator = await ModeratorAsync();
        var (_, adminTokens) = await _client.SignUpAsync();
        var admin = await api.Factory.GrantRoleAsync(adminTokens.AccessToken, "admin");
        await ReportAsync(reporter.AccessToken, "user", target.Id, "harassment");
        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync("/api/v1/users/me", targetTokens.AccessToken));

        await ResolvedAsync(moderator, await CaseOfAsync(moderator, target.Id), new { action = "suspend", reason = "harassment", duration = "P1D" });

        Assert.Equal(HttpStatusCode.Unauthorized, await _client.StatusAsync("/api/v1/users/me", targetTokens.AccessToken));
        var refused = await _client.PostJsonAsync("/api/v1/auth/login", new { login = target.Username, password = target.Password });
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "account_suspended");
        Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/users/{target.Username}", reporter.AccessToken));

        await UnbanAsync(admin, target.Username);
        var tokens = await _client.LoginAsync(target);
        Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync("/api/v1/users/me", tokens.AccessToken));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostJsonAsync($"/api/v1/admin/users/{target.Username}/ban", new { reason = "ban evasion" }, admin)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await _client.StatusAsync("/api/v1/users/me", tokens.AccessToken));
        await (await _client.PostJsonAsync("/api/v1/admin/users/nobody_" + Guid.NewGuid().ToString("N")[..8] + "/ban", new { reason = "x" }, admin))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync($"/api/v1/admin/users/{target.Username}/ban", new { reason = "x", duration = "soon" }, admin))
            .AssertProblemAsync(HttpStatusCode.BadRequest);

        await UnbanAsync(admin, target.Username);
        var strikes = (await _client.OkJsonAsync("/api/v1/users/me/strikes", (await _client.LoginAsync(target)).AccessToken)).GetProperty("items");
        Assert.Equal(["suspend", "suspend"], strikes.EnumerateArray().Select(s => s.GetProperty("action").GetString()));
        var details = await _client.OkJsonAsync($"/api/v1/admin/users/{target.Username}", admin);
        Assert.Equal((2, 1), (details.GetProperty("strikes").GetInt32(), details.GetProperty("reports_against").GetInt32()));
        Assert.Equal(2L, await api.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'account.sanctioned' AND target_id = $1 AND details->>'action' = 'suspend'", target.Id.ToString()));
    }

    [Fact]
    public async Task WatchedWords_FlagANewPostIntoTheQueue_AndHoldAnother_UntilAModeratorDismissesItsCase()
    {
        var moderator = await ModeratorAsync();
        var (flag, hold) = (UniqueWord(), UniqueWord());
        await _client.SetWatchedWordsAsync(moderator, (flag, "flag"), (hold, "hold"));
        try
        {
            var (_, author) = await _client.SignUpAsync();
            var (_, reader) = await _client.SignUpAsync();
            var flagged = (await _client.CreatePostAsync(author.AccessToken, $"this is {flag} stuff")).GetProperty("id").GetGuid();
            var held = (await _client.CreatePostAsync(author.AccessToken, $"and this {hold}")).GetProperty("id").GetGuid();

            var flaggedItem = await QueueItemEventuallyAsync(moderator, flagged);
            Assert.Equal([flag], flaggedItem.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            Assert.False(flaggedItem.GetProperty("held").GetBoolean());
            Assert.Equal(0, flaggedItem.GetProperty("report_count").GetInt32());
            var heldItem = await QueueItemEventuallyAsync(moderator, held);
            Assert.True(heldItem.GetProperty("held").GetBoolean());
            Assert.True(heldItem.GetProperty("priority").GetDouble() > flaggedItem.GetProperty("priority").GetDouble());
            Assert.Equal(HttpStatusCode.NotFound, await _client.StatusAsync($"/api/v1/posts/{held}", reader.AccessToken));

            await ResolvedAsync(moderator, heldItem.GetProperty("id").GetGuid(), new { action = "dismiss", reason = "a harmless use" });
            Assert.Equal(HttpStatusCode.OK, await _client.StatusAsync($"/api/v1/posts/{held}", reader.AccessToken));
            Assert.Empty((await _client.OkJsonAsync("/api/v1/users/me/strikes", author.AccessToken)).GetProperty("items").EnumerateArray());
        }
        finally
        {
            await _client.SetWatchedWordsAsync(moderator);
        }
    }

    [Fact]
    public async Task AReportedChatMessage_GoesToTheStreamsModeratorsFirst_ThenToTheQueue()
    {
        var (owner, ownerTokens) = await _client.SignUpAsync();
        var (_, viewer) = await _client.SignUpAsync();
        var (_, reporter) = await _client.SignUpAsync();
        var moderator = await ModeratorAsync();
        var streamId = Guid.CreateVersion7();
        var stream = api.Grains.Ref<ILiveStreamGrain>(streamId);
        var created = await stream.CreateAsync(owner.Id, new LiveStreamDraft("chat", null, Visibility.Public, Record: false));
        Assert.Equal(PublishDecision.Accepted, await stream.StartPublishingAsync(created!.StreamKey, "client-1"));
        var first = await SendAsync(streamId, viewer.AccessToken, "you are awful");
        var second = await SendAsync(streamId, viewer.AccessToken, "really awful");
        Assert.Equal(HttpStatusCode.Created, (await ReportAsync(reporter.AccessToken, "chat_message", first, "harassment")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ReportAsync(reporter.AccessToken, "chat_message", second, "harassment")).StatusCode);
        await (await ReportAsync(viewer.AccessToken, "chat_message", first, "spam")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        var queue = await _client.QueueAsync(moderator, "target_type=chat_message");
        Assert.DoesNotContain(queue, i => i.GetProperty("target_id").GetGuid() == first);
        await (await _client.GetAsync($"/api/v1/live/{streamId}/chat/reports", reporter.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var forStream = (await _client.OkJsonAsync($"/api/v1/live/{streamId}/chat/reports", ownerTokens.AccessToken)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([first, second], forStream.Select(i => i.GetProperty("target_id").GetGuid()).Order());
        var firstCase = forStream.Single(i => i.GetProperty("target_id").GetGuid() == first).GetProperty("id").GetGuid();

        var removed = await _client.PostJsonAsync($"/api/v1/live/{streamId}/chat/reports/{firstCase}/resolve", new { action = "remove", reason = "rude" }, ownerTokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var replay = (await _client.OkJsonAsync($"/api/v1/live/{streamId}/chat", ownerTokens.AccessToken)).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(replay, m => m.GetProperty("id").GetGuid() == first);
        var outcomes = (await _client.OkJsonAsync("/api/v1/reports/mine", reporter.AccessToken)).GetProperty("items").EnumerateArray()
            .ToDictionary(r => r.GetProperty("target_id").GetGuid(), r => r.GetProperty("outcome").GetString());
        Assert.Equal(("removed", null), (outcomes[first], outcomes[second]));
        Assert.Empty((await _client.OkJsonAsync("/api/v1/users/me/strikes", viewer.AccessToken)).GetProperty("items").EnumerateArray());

        // Left alone past the stream moderators' time, the other one reaches the platform queue.
        await api.Database.ExecuteAsync("UPDATE moderation_cases SET escalate_at = now() - interval '1 second' WHERE target_id = $1", second);
        Assert.Contains(await _client.QueueAsync(moderator, "target_type=chat_message"), i => i.GetProperty("target_id").GetGuid() == second);
    }

    [Fact]
    public async Task ASuspendedAccount_CannotChat_EvenThroughAConnectionOpenedBefore()
    {
        var (owner, _) = await _client.SignUpAsync();
        var (viewer, _) = await _client.SignUpAsync();
        var streamId = Guid.CreateVersion7();
        var stream = api.Grains.Ref<ILiveStreamGrain>(streamId);
        var created = await stream.CreateAsync(owner.Id, new LiveStreamDraft("chat", null, Visibility.Public, Record: false));
        Assert.Equal(PublishDecision.Accepted, await stream.StartPublishingAsync(created!.StreamKey, "client-1"));
        var room = api.Grains.Ref<ILiveRoomGrain>(streamId);
        Assert.Null((await room.SendAsync(viewer.Id, "hello")).Refused);

        await api.Grains.Ref<IUserGrain>(viewer.Id).SanctionAsync(AccountAction.Suspend, null, Moderator(Guid.NewGuid()), "spam");

        Assert.Equal(ChatRefusal.Forbidden, (await room.SendAsync(viewer.Id, "still here?")).Refused?.Code);
    }

    private async Task<string> ModeratorAsync() => await api.Factory.GrantRoleAsync((await _client.SignUpAsync()).Tokens.AccessToken, "moderator");

    private Task<HttpResponseMessage> ReportAsync(string token, string type, Guid id, string reason) =>
        _client.PostJsonAsync("/api/v1/reports", new { target_type = type, target_id = id, reason }, token);

    private async Task ResolvedAsync(string moderator, Guid caseId, object decision)
    {
        var resolved = await _client.ResolveAsync(moderator, caseId, decision);
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
    }

    private async Task UnbanAsync(string admin, string username) =>
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostJsonAsync($"/api/v1/admin/users/{username}/unban", new { reason = "served" }, admin)).StatusCode);

    private async Task<Guid> CaseOfAsync(string moderator, Guid target) =>
        (await _client.QueueAsync(moderator, "")).Single(i => i.GetProperty("target_id").GetGuid() == target).GetProperty("id").GetGuid();

    /// <summary>Flags arrive through the moderation event; the item is in the queue once it was handled.</summary>
    private Task<JsonElement> QueueItemEventuallyAsync(string moderator, Guid target) =>
        Eventually.ValueAsync(async () => (await _client.QueueAsync(moderator, "target_type=post")).FirstOrDefault(i => i.GetProperty("target_id").GetGuid() == target),
            item => item.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(20));

    private async Task<Guid> SendAsync(Guid streamId, string token, string text)
    {
        var sent = await _client.PostJsonAsync($"/api/v1/live/{streamId}/chat", new { text }, token);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        return Guid.Parse((await sent.ReadJsonAsync()).GetProperty("id").GetString()!);
    }

    private Task<string> NoticeAsync(string token, string kind) =>
        Eventually.ReturnsAsync(async () =>
        {
            var items = (await _client.OkJsonAsync("/api/v1/notifications", token)).GetProperty("items").EnumerateArray();
            return items.Where(n => n.GetProperty("subject_kind").GetString() == kind).Select(n => n.GetProperty("text").GetString()).FirstOrDefault();
        }, TimeSpan.FromSeconds(20), $"a {kind} notice")!;
}
