using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Live;

[Collection(LiveChatCollection.Name)]
public sealed class LiveChatTests(LiveChatFixture fx)
{
    [Fact]
    public async Task TwoClients_Chat_BothReceive_AndAJoinerGetsTheLastMessagesOldestFirst()
    {
        var (_, owner) = await fx.UserAsync();
        var (viewerUser, viewer) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var a = await fx.ConnectAsync(owner);
        await using var b = await fx.ConnectAsync(viewer);
        await a.JoinAsync(stream);
        await b.JoinAsync(stream);

        var sent = await b.SendAsync(stream, "  hello there  ");
        Assert.Equal(("hello there", viewerUser.Id, viewerUser.Username, stream), (sent.Text, sent.UserId, sent.Username, sent.StreamId));
        Assert.Equal(sent, await a.ReceiveAsync("hello there"));
        Assert.Equal(sent, await b.ReceiveAsync("hello there"));
        await a.SendAsync(stream, "second");

        await using var late = await fx.ConnectAsync((await fx.UserAsync()).Token);
        var joined = await late.JoinAsync(stream);
        Assert.Equal(["hello there", "second"], joined.Messages.Select(m => m.Text));
        Assert.Equal(3, joined.Viewers.Current);
        Assert.Equal(new SettingsDto(0, false), joined.Settings);
    }

    [Fact]
    public async Task TwoHosts_BothDeliverTheRoomsMessages()
    {
        var (_, owner) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var here = await fx.ConnectAsync(owner);
        await using var there = await fx.ConnectAsync((await fx.UserAsync()).Token, fx.OtherHost);
        await here.JoinAsync(stream);
        await there.JoinAsync(stream);

        var senders = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fx.UserAsync()));
        await Task.WhenAll(senders.Select((s, i) => fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = $"burst {i}" }, s.Token)));
        await using var fromThere = await fx.ConnectAsync(senders[0].Token, fx.OtherHost);
        await fromThere.JoinAsync(stream);
        await fromThere.SendAsync(stream, "from the other host");

        foreach (var client in new[] { here, there })
        {
            foreach (var i in Enumerable.Range(0, 4)) await client.ReceiveAsync($"burst {i}");
            await client.ReceiveAsync("from the other host");
        }
    }

    [Theory]
    [InlineData("nul \0 inside")]
    [InlineData("bell \u0007")]
    public async Task Send_ControlCharacterOrLoneSurrogate_IsRefusedAsInvalidText(string text)
    {
        var (_, owner) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var chat = await fx.ConnectAsync(owner);
        await chat.JoinAsync(stream);

        await ChatClient.AssertRefusedAsync("invalid_text", () => chat.SendAsync(stream, text));

        Assert.Equal("still fine", (await chat.SendAsync(stream, "still fine")).Text);
    }

    [Fact]
    public async Task Send_AFourthMessageWithinTwoSeconds_IsRateLimited_WithTheWait()
    {
        var (_, owner) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var chat = await fx.ConnectAsync((await fx.UserAsync()).Token);
        await chat.JoinAsync(stream);
        for (var i = 0; i < 3; i++) await chat.SendAsync(stream, $"m{i}");

        var reason = await ChatClient.AssertRefusedAsync("rate_limited", () => chat.SendAsync(stream, "one too many"));
        Assert.Contains("wait", reason);
    }

    [Fact]
    public async Task Send_BadText_OrWithoutJoining_IsRefusedWithItsCode()
    {
        var (_, owner) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var chat = await fx.ConnectAsync(owner);

        await ChatClient.AssertRefusedAsync("not_joined", () => chat.SendAsync(stream, "hi"));
        await ChatClient.AssertRefusedAsync("not_found", () => chat.JoinAsync(Guid.NewGuid()));
        await chat.JoinAsync(stream);
        await ChatClient.AssertRefusedAsync("empty", () => chat.SendAsync(stream, "   "));
        await ChatClient.AssertRefusedAsync("too_long", () => chat.SendAsync(stream, new string('x', 501)));
        Assert.Equal(500, (await chat.SendAsync(stream, new string('y', 500))).Text.Length);
    }

    [Fact]
    public async Task PrivateStream_AndBlockedUsers_CannotJoinOrChat()
    {
        var (_, owner) = await fx.UserAsync();
        var (_, stranger) = await fx.UserAsync();
        var (blockedUser, blocked) = await fx.UserAsync();
        var hidden = await fx.StreamAsync(owner, "private");
        var open = await fx.StreamAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await fx.Api.PostJsonAsync($"/api/v1/users/{blockedUser.Username}/block", new { }, owner)).StatusCode);

        await using var chat = await fx.ConnectAsync(stranger);
        await ChatClient.AssertRefusedAsync("not_found", () => chat.JoinAsync(hidden));
        await (await fx.Api.PostJsonAsync($"/api/v1/live/{hidden}/chat", new { text = "hi" }, stranger)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await using var blockedChat = await fx.ConnectAsync(blocked);
        await ChatClient.AssertRefusedAsync("not_found", () => blockedChat.JoinAsync(open));
        await (await fx.Api.GetAsync($"/api/v1/live/{hidden}/chat")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Created, (await fx.Api.PostJsonAsync($"/api/v1/live/{hidden}/chat", new { text = "note to self" }, owner)).StatusCode);
    }

    [Fact]
    public async Task HttpChat_Join_AndReplay_PagesThePersistedMessagesOldestFirst()
    {
        var (_, owner) = await fx.UserAsync();
        var (_, viewer) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        var joined = await (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/join", new { }, viewer)).ReadJsonAsync();
        Assert.Equal(1, joined.GetProperty("viewers").GetProperty("current").GetInt32());

        var texts = new List<string>();
        foreach (var (token, i) in new[] { (owner, 0), (viewer, 1), (owner, 2), (viewer, 3), (owner, 4) })
        {
            var response = await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = $"line {i}" }, token);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await response.ReadJsonAsync();
            Assert.Equal($"line {i}", body.GetProperty("text").GetString());
            Assert.Equal(stream, body.GetProperty("stream_id").GetGuid());
            texts.Add($"line {i}");
        }
        var tooMany = await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = "x" }, owner);
        await tooMany.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(tooMany.Headers.RetryAfter);
        await (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = "" }, viewer)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "empty");
        await (await fx.Api.PostJsonAsync($"/api/v1/live/{Guid.NewGuid()}/chat", new { text = "x" }, viewer)).AssertProblemAsync(HttpStatusCode.NotFound);

        var replayed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await fx.Api.GetAsync($"/api/v1/live/{stream}/chat?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).ReadJsonAsync();
            replayed.AddRange(page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        } while (cursor is not null && pages < 10);
        Assert.Equal(texts, replayed);
        Assert.Equal(3, pages);
        await (await fx.Api.GetAsync($"/api/v1/live/{stream}/chat?cursor=nonsense")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/leave", new { }, viewer)).StatusCode);
    }

    [Fact]
    public async Task Messages_SurviveTheRoomsDeactivation()
    {
        var (_, owner) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        Assert.Equal(HttpStatusCode.Created, (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = "kept" }, owner)).StatusCode);

        await fx.Host.Services.GetRequiredService<IGrainFactory>().Ref<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        await using var chat = await fx.ConnectAsync((await fx.UserAsync()).Token);
        var joined = await chat.JoinAsync(stream);
        Assert.Equal(["kept"], joined.Messages.Select(m => m.Text));
        var replay = await (await fx.Api.GetAsync($"/api/v1/live/{stream}/chat")).ReadJsonAsync();
        Assert.Equal("kept", replay.GetProperty("items")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task EndedStream_TellsTheRoom_AndRefusesChat()
    {
        var (_, owner) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var chat = await fx.ConnectAsync((await fx.UserAsync()).Token);
        await chat.JoinAsync(stream);

        Assert.Equal(HttpStatusCode.OK, (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/end", new { }, owner)).StatusCode);

        Assert.Equal(stream, (await chat.EventAsync("stream_ended")).GetProperty("stream_id").GetGuid());
        await (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = "too late" }, owner)).AssertProblemAsync(HttpStatusCode.Conflict, "ended");
        await ChatClient.AssertRefusedAsync("ended", () => chat.JoinAsync(stream));
    }
}
