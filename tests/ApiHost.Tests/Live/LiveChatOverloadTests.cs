using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Live;

/// <summary>Live chat under overload: a late room refuses sends (slow_down), a slow connection misses messages, the history keeps every acknowledged one.</summary>
[Collection(LiveChatCollection.Name)]
public sealed class LiveChatOverloadTests(LiveChatFixture fx)
{
    [Fact]
    public async Task Chat_AConnectionThatDoesNotRead_MissesMessages_WhileOthersReceiveEveryOne()
    {
        var (_, owner) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var reader = await fx.ConnectAsync((await fx.UserAsync()).Token);
        await reader.JoinAsync(stream);
        var stalled = await StalledChatConnection.JoinAsync(fx.Api, (await fx.UserAsync()).Token, stream);

        // Two waves of about 35 KB each, more than SignalR buffers for one /hubs/live connection (16 KB): the first
        // fills the stalled connection's buffer, so the second waits behind it. Sent at once, a loaded host could take
        // all of it as one batch that SignalR accepts whole, and the stalled connection would miss nothing.
        var senders = await fx.Host.UsersAsync(fx.Database.ConnectionString, 64);
        var texts = Enumerable.Range(0, 128).Select(i => $"flood {i} " + new string('x', 480)).ToArray();
        foreach (var wave in texts.Chunk(64))
        {
            var sends = await Task.WhenAll(wave.Select((t, i) => fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = t }, senders[i].Token)));
            Assert.All(sends, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            foreach (var t in wave) await reader.ReceiveAsync(t, TimeSpan.FromSeconds(8));
        }

        await Task.Delay(LiveChatFixture.MaxDeliveryDelay + TimeSpan.FromMilliseconds(500)); // what still waits for the stalled one is stale now
        var late = await fx.UserAsync();
        var reading = stalled.ReadUntilAsync("after the flood", TimeSpan.FromSeconds(8));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(HttpStatusCode.Created, (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = "after the flood" }, late.Token)).StatusCode);
        Assert.True(await reading, "the stalled connection did not get the message sent after it read again");
        await reader.ReceiveAsync("after the flood");
        var flooded = stalled.Texts.Count(t => t.StartsWith("flood ", StringComparison.Ordinal));
        Assert.InRange(flooded, 1, texts.Length - 1);

        Assert.Equal([.. texts.Append("after the flood").Order(StringComparer.Ordinal)], (await HistoryAsync(stream)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Chat_InABusyRoom_GoesOutOncePerPushInterval_AndTheFirstMessageAfterAQuietSpellAtOnce()
    {
        var interval = TimeSpan.FromSeconds(1);
        await using var pacedHost = await fx.ExtraHostAsync(new() { ["SocialFlow:LiveChat:PushInterval"] = interval.ToString() });
        var (_, owner) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var viewer = await fx.ConnectAsync((await fx.UserAsync()).Token, pacedHost);
        await viewer.JoinAsync(stream);
        var senders = await fx.Host.UsersAsync(fx.Database.ConnectionString, 4);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Created, (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = "first" }, senders[0].Token)).StatusCode);
        await viewer.ReceiveAsync("first", interval);
        Assert.True(clock.Elapsed < interval, $"the first message took {clock.Elapsed}, as long as the interval");
        string[] busy = ["second", "third", "fourth"];
        for (var i = 0; i < busy.Length; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = busy[i] }, senders[i + 1].Token)).StatusCode);
        }
        foreach (var text in busy) await viewer.ReceiveAsync(text, interval * 2);

        var batches = viewer.Pushes();
        Assert.Equal(["first"], batches[0]);
        Assert.Equal(busy, batches.Skip(1).SelectMany(b => b));
        Assert.InRange(batches.Count - 1, 1, 2); // one push per interval (two if the sends straddled a push), not one per message
    }

    [Fact]
    public async Task Send_WhileAHostDeliversLaterThanSlowDownDelay_IsRefusedWithSlowDown_AndTheHistoryHoldsEveryAcknowledgedMessage()
    {
        await using var lateHost = await fx.ExtraHostAsync(new() { ["SocialFlow:LiveChat:SlowDownDelay"] = "00:00:00.001", ["SocialFlow:LiveChat:PushInterval"] = "00:00:00", ["SocialFlow:LiveChat:SlowDownRetryAfter"] = "00:00:03" });
        var (_, owner) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var there = await fx.ConnectAsync((await fx.UserAsync()).Token, lateHost); // every delivery there is "late"
        await there.JoinAsync(stream);
        var (_, viewer) = await fx.UserAsync();
        await using var here = await fx.ConnectAsync(viewer);
        await here.JoinAsync(stream);

        var senders = await fx.Host.UsersAsync(fx.Database.ConnectionString, 20);
        var acknowledged = new List<string>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < senders.Count && refused is null; i++)
        {
            var response = await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = $"probe {i}" }, senders[i].Token);
            if (response.StatusCode == HttpStatusCode.Created) acknowledged.Add($"probe {i}");
            else refused = response;
            await Task.Delay(50);
        }

        Assert.True(refused is not null, "no send was refused while the other host delivered late");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "slow_down");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Contains("wait", problem.GetProperty("detail").GetString());
        var reason = await ChatClient.AssertRefusedAsync("slow_down", () => here.SendAsync(stream, "refused over the hub"));
        Assert.Contains("wait", reason);
        Assert.NotEmpty(acknowledged);
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), (await HistoryAsync(stream)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Send_WhileMostConnectionsOfAHostAreBehind_IsRefusedWithSlowDown()
    {
        await using var tightHost = await fx.ExtraHostAsync(new()
        {
            ["SocialFlow:LiveChat:SendBufferBytes"] = "1024", ["SocialFlow:LiveChat:SlowDownDelay"] = "00:00:00.300", ["SocialFlow:LiveChat:PushInterval"] = "00:00:00",
        });
        var (_, owner) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        // Two connections that stop reading: the host hands each message over on time, but both fall behind.
        var http = tightHost.CreateClient();
        _ = await StalledChatConnection.JoinAsync(http, (await fx.UserAsync()).Token, stream);
        _ = await StalledChatConnection.JoinAsync(http, (await fx.UserAsync()).Token, stream);

        var senders = await fx.Host.UsersAsync(fx.Database.ConnectionString, 40);
        HttpResponseMessage? refused = null;
        for (var i = 0; i < senders.Count && refused is null; i++)
        {
            var response = await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/chat", new { text = $"filler {i} " + new string('x', 400) }, senders[i].Token);
            if (response.StatusCode != HttpStatusCode.Created) refused = response;
            await Task.Delay(100);
        }

        Assert.True(refused is not null, "no send was refused while every connection of a host was behind");
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "slow_down");
    }

    private async Task<List<string>> HistoryAsync(Guid stream)
    {
        var texts = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await fx.Api.GetAsync($"/api/v1/live/{stream}/chat?limit=100{(cursor is null ? "" : "&cursor=" + cursor)}")).ReadJsonAsync();
            texts.AddRange(page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()!));
            cursor = page.GetProperty("next_cursor") is { ValueKind: JsonValueKind.String } next ? next.GetString() : null;
        }
        while (cursor is not null);
        return texts;
    }
}
