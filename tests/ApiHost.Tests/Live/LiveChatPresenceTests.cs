using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.ApiHost.Tests.Live;

[Collection(LiveChatCollection.Name)]
public sealed class LiveChatPresenceTests(LiveChatFixture fx)
{
    private async Task<int> CurrentViewersAsync(Guid stream) =>
        (await (await fx.Api.GetAsync($"/api/v1/live/{stream}")).ReadJsonAsync()).GetProperty("current_viewers").GetInt32();

    [Fact]
    public async Task Viewers_AreCountedOncePerUser_Pushed_AndADroppedConnectionLeaves()
    {
        var (_, owner) = await fx.UserAsync();
        var (_, viewer) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var watcher = await fx.ConnectAsync(owner);
        await watcher.JoinAsync(stream);
        var first = await fx.ConnectAsync(viewer);
        var second = await fx.ConnectAsync(viewer, fx.OtherHost);
        await first.JoinAsync(stream);
        await second.JoinAsync(stream);

        var pushed = await watcher.ViewersAsync(2);
        Assert.Equal((stream, 2), (pushed.StreamId, pushed.Peak));
        Assert.Equal(2, await CurrentViewersAsync(stream));

        await first.DisposeAsync(); // no Leave; the user still watches on the other host
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, await CurrentViewersAsync(stream));
        await second.DisposeAsync();
        await watcher.ViewersAsync(1);
        var after = await (await fx.Api.GetAsync($"/api/v1/live/{stream}")).ReadJsonAsync();
        Assert.Equal((1, 2), (after.GetProperty("current_viewers").GetInt32(), after.GetProperty("peak_viewers").GetInt32()));
    }

    [Fact]
    public async Task HttpViewer_WhoStopsRejoining_DropsOutWithinThePresenceTimeout()
    {
        var (_, owner) = await fx.UserAsync();
        var (_, viewer) = await fx.UserAsync();
        var stream = await fx.StreamAsync(owner);
        await using var watcher = await fx.ConnectAsync(owner);
        await watcher.JoinAsync(stream);
        Assert.Equal(HttpStatusCode.OK, (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/join", new { }, viewer)).StatusCode);
        await watcher.ViewersAsync(2);

        // A heartbeat within the timeout keeps the viewer; then it stops, as a crashed client would.
        await Task.Delay(LiveChatFixture.PresenceTimeout / 2);
        Assert.Equal(HttpStatusCode.OK, (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/join", new { }, viewer)).StatusCode);
        await Task.Delay(LiveChatFixture.PresenceTimeout / 2);
        Assert.Equal(2, await CurrentViewersAsync(stream));

        await watcher.ViewersAsync(1, LiveChatFixture.PresenceTimeout * 2);
        Assert.Equal(1, await CurrentViewersAsync(stream)); // the hub connection is renewed by its host and stays
    }

    [Fact]
    public async Task Leave_AStreamTheCallerMayNotSee_Is404_OverHttpAndTheHub()
    {
        var (_, owner) = await fx.UserAsync();
        var (_, viewer) = await fx.UserAsync();
        var (blockedUser, blocked) = await fx.UserAsync();
        var hidden = await fx.StreamAsync(owner, "private");
        var open = await fx.StreamAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await fx.Api.PostJsonAsync($"/api/v1/users/{blockedUser.Username}/block", new { }, owner)).StatusCode);

        await (await fx.Api.PostJsonAsync($"/api/v1/live/{hidden}/leave", new { }, viewer)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await fx.Api.PostJsonAsync($"/api/v1/live/{open}/leave", new { }, blocked)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await fx.Api.PostJsonAsync($"/api/v1/live/{Guid.NewGuid()}/leave", new { }, viewer)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await using var hub = await fx.ConnectAsync(viewer);
        await ChatClient.AssertRefusedAsync("not_found", () => hub.Connection.InvokeAsync("Leave", hidden));

        Assert.Equal(HttpStatusCode.NoContent, (await fx.Api.PostJsonAsync($"/api/v1/live/{hidden}/leave", new { }, owner)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.Api.PostJsonAsync($"/api/v1/live/{open}/join", new { }, viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await fx.Api.PostJsonAsync($"/api/v1/live/{open}/leave", new { }, viewer)).StatusCode);
        Assert.Equal(0, await CurrentViewersAsync(open));
        await hub.JoinAsync(open);
        await hub.Connection.InvokeAsync("Leave", open);
        Assert.Equal(0, await CurrentViewersAsync(open));
    }

    [Fact]
    public async Task Stats_CountPeakAverageAndChat_AndAreSavedWhenTheStreamEnds()
    {
        var (_, owner) = await fx.UserAsync();
        var (_, viewer) = await fx.UserAsync();
        var live = System.Diagnostics.Stopwatch.StartNew(); // at least as long as the stream has been live
        var stream = await fx.LiveStreamAsync(owner);
        await using var a = await fx.ConnectAsync(owner);
        await using var b = await fx.ConnectAsync(viewer);
        await a.JoinAsync(stream);
        await b.JoinAsync(stream);
        var beforeBoth = live.Elapsed;
        await a.SendAsync(stream, "one");
        await b.SendAsync(stream, "two");
        await b.SendAsync(stream, "three");
        // Two viewers for at least three quarters of the live time so far, however slow the joins were (a loaded CI
        // machine took over a second for them once): the average is then at least 1.5.
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(500, 3 * beforeBoth.TotalMilliseconds)));

        var room = fx.Host.Services.GetRequiredService<IGrainFactory>().Ref<ILiveRoomGrain>(stream);
        var stats = await room.GetStatsAsync();
        Assert.Equal((2, 2, 3L, 2L), (stats!.CurrentViewers, stats.PeakViewers, stats.ChatMessages, stats.UniqueChatters));
        Assert.InRange(stats.AverageViewers, 0.8, 2.0);

        Assert.Equal(HttpStatusCode.OK, (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/end", new { }, owner)).StatusCode);
        var ended = await room.GetStatsAsync();
        Assert.Equal((0, 2, 3L), (ended!.CurrentViewers, ended.PeakViewers, ended.ChatMessages));
        Assert.InRange(ended.AverageViewers, 0.8, 2.0);
        await using var db = new Npgsql.NpgsqlConnection(fx.Database.ConnectionString);
        await db.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT peak_viewers, chat_messages, unique_chatters, average_viewers FROM live_stream_stats WHERE stream_id = $1", db)
        {
            Parameters = { new() { Value = stream } },
        };
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal((2, 3L, 2L), (r.GetInt32(0), r.GetInt64(1), r.GetInt64(2)));
        Assert.Equal(ended.AverageViewers, r.GetDouble(3), 3);

        var analytics = await (await fx.Api.GetAsync($"/api/v1/live/{stream}/analytics", owner)).ReadJsonAsync();
        Assert.Equal(("ended", 2, 3L, 2L), (analytics.GetProperty("state").GetString(), analytics.GetProperty("peak_viewers").GetInt32(),
            analytics.GetProperty("chat_messages").GetInt64(), analytics.GetProperty("unique_chatters").GetInt64()));
        Assert.InRange(analytics.GetProperty("duration_seconds").GetDouble(), 0.4, 60);
        Assert.Equal(ended.AverageViewers, analytics.GetProperty("average_viewers").GetDouble(), 0.0006); // the API rounds to 3 decimals
        await (await fx.Api.GetAsync($"/api/v1/live/{stream}/analytics", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
