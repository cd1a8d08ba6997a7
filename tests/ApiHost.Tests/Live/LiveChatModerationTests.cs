using System.Net;
using Microsoft.AspNetCore.SignalR;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Live;

[Collection(LiveChatCollection.Name)]
public sealed class LiveChatModerationTests(LiveChatFixture fx)
{
    private Task<HttpResponseMessage> PostAsync(string url, object body, string token) => fx.Api.PostJsonAsync(url, body, token);

    [Fact]
    public async Task Ban_KicksTheUser_WhoCannotSendOrRejoin_UntilUnbanned()
    {
        var (_, owner) = await fx.UserAsync();
        var (targetUser, target) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var watcher = await fx.ConnectAsync(owner);
        await using var chat = await fx.ConnectAsync(target);
        await watcher.JoinAsync(stream);
        await chat.JoinAsync(stream);
        await watcher.ViewersAsync(2);

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync($"/api/v1/live/{stream}/chat/bans", new { username = targetUser.Username }, owner)).StatusCode);

        Assert.Equal(stream, (await chat.EventAsync("banned")).GetProperty("stream_id").GetGuid());
        await watcher.ViewersAsync(1);
        await ChatClient.AssertRefusedAsync("not_joined", () => chat.SendAsync(stream, "still here?"));
        await ChatClient.AssertRefusedAsync("banned", () => chat.JoinAsync(stream));
        await (await PostAsync($"/api/v1/live/{stream}/chat", new { text = "via http" }, target)).AssertProblemAsync(HttpStatusCode.Forbidden, "banned");
        await (await PostAsync($"/api/v1/live/{stream}/join", new { }, target)).AssertProblemAsync(HttpStatusCode.Forbidden, "banned");

        var unban = await fx.Api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/chat/bans/{targetUser.Username}", null, owner);
        Assert.Equal(HttpStatusCode.NoContent, unban.StatusCode);
        await chat.JoinAsync(stream);
        await chat.SendAsync(stream, "back again");
    }

    [Fact]
    public async Task TimeOut_RefusesSends_UntilItEnds_AndTellsTheTarget()
    {
        var (_, owner) = await fx.UserAsync();
        var (targetUser, target) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var chat = await fx.ConnectAsync(target);
        await chat.JoinAsync(stream);

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync($"/api/v1/live/{stream}/chat/timeouts", new { username = targetUser.Username, seconds = 1 }, owner)).StatusCode);

        Assert.Equal(stream, (await chat.EventAsync("timed_out")).GetProperty("stream_id").GetGuid());
        await ChatClient.AssertRefusedAsync("timed_out", () => chat.SendAsync(stream, "hey"));
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        Assert.Equal("hey", (await chat.SendAsync(stream, "hey")).Text);
        await (await PostAsync($"/api/v1/live/{stream}/chat/timeouts", new { username = targetUser.Username, seconds = 0 }, owner)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Delete_MarksTheMessage_PushesIt_AndLeavesItOutOfHistoryAndReplay()
    {
        var (_, owner) = await fx.UserAsync();
        var (_, viewer) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var chat = await fx.ConnectAsync(viewer);
        await chat.JoinAsync(stream);
        var bad = await chat.SendAsync(stream, "something rude");
        await chat.SendAsync(stream, "something nice");

        await (await fx.Api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/chat/{bad.Id}", null, viewer)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.NoContent, (await fx.Api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/chat/{bad.Id}", null, owner)).StatusCode);
        await (await fx.Api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/chat/{Guid.NewGuid()}", null, owner)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(bad.Id, (await chat.EventAsync("chat_deleted")).GetProperty("message_id").GetString());
        await using var late = await fx.ConnectAsync(owner);
        Assert.Equal(["something nice"], (await late.JoinAsync(stream)).Messages.Select(m => m.Text));
        var replay = await (await fx.Api.GetAsync($"/api/v1/live/{stream}/chat")).ReadJsonAsync();
        Assert.Equal(["something nice"], replay.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Moderators_AreTheOwners_AndMayBan_ButNeverTheOwnerOrAnotherModerator()
    {
        var (ownerUser, owner) = await fx.UserAsync();
        var (modUser, mod) = await fx.UserAsync();
        var (otherModUser, _) = await fx.UserAsync();
        var (targetUser, _) = await fx.UserAsync();
        var (_, nobody) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);

        await (await PostAsync($"/api/v1/live/{stream}/chat/bans", new { username = targetUser.Username }, nobody)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await PostAsync($"/api/v1/live/{stream}/moderators/{modUser.Username}", new { }, nobody)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync($"/api/v1/live/{stream}/moderators/{modUser.Username}", new { }, owner)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync($"/api/v1/live/{stream}/moderators/{otherModUser.Username}", new { }, owner)).StatusCode);
        await (await PostAsync($"/api/v1/live/{stream}/moderators/{targetUser.Username}", new { }, mod)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await PostAsync($"/api/v1/live/{stream}/moderators/no-such-user-x", new { }, owner)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync($"/api/v1/live/{stream}/chat/bans", new { username = targetUser.Username }, mod)).StatusCode);
        await (await PostAsync($"/api/v1/live/{stream}/chat/bans", new { username = ownerUser.Username }, mod)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await PostAsync($"/api/v1/live/{stream}/chat/bans", new { username = otherModUser.Username }, mod)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var dismissed = await fx.Api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/moderators/{modUser.Username}", null, owner);
        Assert.Equal(HttpStatusCode.NoContent, dismissed.StatusCode);
        var unban = await fx.Api.SendJsonAsync(HttpMethod.Delete, $"/api/v1/live/{stream}/chat/bans/{targetUser.Username}", null, mod);
        await unban.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task SlowMode_AllowsOneMessagePerInterval_ExceptForTheOwnerAndModerators()
    {
        var (_, owner) = await fx.UserAsync();
        var (_, viewer) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await (await fx.Api.SendJsonAsync(HttpMethod.Put, $"/api/v1/live/{stream}/chat/settings", new { slow_mode_seconds = 30, followers_only = false }, viewer))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var set = await fx.Api.SendJsonAsync(HttpMethod.Put, $"/api/v1/live/{stream}/chat/settings", new { slow_mode_seconds = 30, followers_only = false }, owner);
        Assert.Equal(30, (await set.ReadJsonAsync()).GetProperty("slow_mode_seconds").GetInt32());
        await using var chat = await fx.ConnectAsync(viewer);
        Assert.Equal(30, (await chat.JoinAsync(stream)).Settings.SlowModeSeconds);

        await chat.SendAsync(stream, "first");
        await ChatClient.AssertRefusedAsync("slow_mode", () => chat.SendAsync(stream, "second"));
        var http = await PostAsync($"/api/v1/live/{stream}/chat", new { text = "second" }, viewer);
        await http.AssertProblemAsync(HttpStatusCode.TooManyRequests, "slow_mode");
        Assert.True(http.Headers.RetryAfter?.Delta > TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync($"/api/v1/live/{stream}/chat", new { text = "owner 1" }, owner)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync($"/api/v1/live/{stream}/chat", new { text = "owner 2" }, owner)).StatusCode);
    }

    [Fact]
    public async Task FollowersOnly_RefusesNonFollowers_ButNotFollowersOrTheOwner()
    {
        var (ownerUser, owner) = await fx.UserAsync();
        var (_, follower) = await fx.UserAsync();
        var (_, stranger) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/v1/users/{ownerUser.Username}/follow", new { }, follower)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.Api.SendJsonAsync(HttpMethod.Put, $"/api/v1/live/{stream}/chat/settings", new { followers_only = true }, owner)).StatusCode);

        await (await PostAsync($"/api/v1/live/{stream}/chat", new { text = "hi" }, stranger)).AssertProblemAsync(HttpStatusCode.Forbidden, "followers_only");
        await using var chat = await fx.ConnectAsync(stranger);
        await chat.JoinAsync(stream); // watching is allowed
        await ChatClient.AssertRefusedAsync("followers_only", () => chat.SendAsync(stream, "hi"));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync($"/api/v1/live/{stream}/chat", new { text = "hi" }, follower)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync($"/api/v1/live/{stream}/chat", new { text = "welcome" }, owner)).StatusCode);
    }
}
