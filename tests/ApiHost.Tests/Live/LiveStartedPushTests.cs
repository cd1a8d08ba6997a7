using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using SocialFlow.ApiHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialFlow.ApiHost.Tests.Live;

[Collection(LiveChatCollection.Name)]
public sealed class LiveStartedPushTests(LiveChatFixture fx, ITestOutputHelper output)
{
    public sealed record Pushed(Guid Id, string Type, Guid SubjectId);

    [Fact]
    public async Task AStreamGoingLive_ReachesAConnectedFollowerAsANotification_WithinFiveSeconds()
    {
        var (owner, ownerToken) = await fx.UserAsync();
        var (_, followerToken) = await fx.UserAsync();
        Assert.Equal(HttpStatusCode.OK, (await fx.Api.PostJsonAsync($"/api/v1/users/{owner.Username}/follow", new { }, followerToken)).StatusCode);
        var pushed = Channel.CreateUnbounded<Pushed>();
        var unread = Channel.CreateUnbounded<long>();
        await using var hub = fx.Host.NotificationsHub(followerToken);
        hub.On<Pushed>("notification", n => pushed.Writer.TryWrite(n));
        hub.On<Unread>("unread_count", u => unread.Writer.TryWrite(u.UnreadCount));
        await hub.StartAsync();
        using (var first = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await unread.Reader.ReadAsync(first.Token); // sent on connect: the host watches this user now
        }

        var elapsed = Stopwatch.StartNew();
        var stream = await fx.LiveStreamAsync(ownerToken);
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var n = await pushed.Reader.ReadAsync(within.Token);
        output.WriteLine($"live_started pushed {elapsed.ElapsedMilliseconds} ms after the stream was created and its publish callback sent");

        Assert.Equal(("live_started", stream), (n.Type, n.SubjectId));
        Assert.Equal(HttpStatusCode.OK, (await fx.Api.PostJsonAsync($"/api/v1/live/{stream}/end", new { }, ownerToken)).StatusCode);
    }

    public sealed record Unread(long UnreadCount);
}
