using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Engagement;
using SocialFlow.ApiHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SocialFlow.ApiHost.Tests.Notifications;

[Collection(NotificationsCollection.Name)]
public sealed class NotificationsHubTests(NotificationsFixture fx, ITestOutputHelper output)
{
    public sealed record Pushed(Guid Id, string Type, int ActorCount, Guid SubjectId);
    public sealed record Unread(long UnreadCount);

    private HubConnection Connect(string token) => fx.Factory.NotificationsHub(token);

    [Fact]
    public async Task ALike_ReachesTheOwnersConnectionWithinFiveSeconds_AndNobodyElses()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, strangerToken) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, likerToken) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner);
        var (mine, theirs) = (Channel.CreateUnbounded<Pushed>(), Channel.CreateUnbounded<Pushed>());
        var unread = Channel.CreateUnbounded<Unread>();
        await using var ownerHub = Connect(ownerToken);
        await using var strangerHub = Connect(strangerToken);
        ownerHub.On<Pushed>("notification", n => mine.Writer.TryWrite(n));
        ownerHub.On<Unread>("unread_count", u => unread.Writer.TryWrite(u));
        strangerHub.On<Pushed>("notification", n => theirs.Writer.TryWrite(n));
        await ownerHub.StartAsync();
        await strangerHub.StartAsync();
        using (var first = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(0, (await unread.Reader.ReadAsync(first.Token)).UnreadCount); // sent on connect
        }

        var started = DateTime.UtcNow;
        await fx.CreateClient().LikeAsync(video, likerToken);
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var pushed = await mine.Reader.ReadAsync(within.Token);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        Assert.Equal("like", pushed.Type);
        Assert.Equal(video, pushed.SubjectId);
        Assert.Equal(1, (await unread.Reader.ReadAsync(within.Token)).UnreadCount);
        Assert.False(theirs.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ANewPost_ReachesAConnectedFollowerAsANotification_WithinFiveSeconds()
    {
        var api = fx.CreateClient();
        var (author, authorTokens) = await api.SignUpAsync();
        var (_, followerTokens) = await api.SignUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"/api/v1/users/{author.Username}/follow", new { }, followerTokens.AccessToken)).StatusCode);
        var pushed = Channel.CreateUnbounded<Pushed>();
        var unread = Channel.CreateUnbounded<Unread>();
        await using var hub = Connect(followerTokens.AccessToken);
        hub.On<Pushed>("notification", n => pushed.Writer.TryWrite(n));
        hub.On<Unread>("unread_count", u => unread.Writer.TryWrite(u));
        await hub.StartAsync();
        using (var first = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await unread.Reader.ReadAsync(first.Token); // sent on connect: the host watches this user now
        }

        var elapsed = Stopwatch.StartNew();
        var created = await api.PostJsonAsync("/api/v1/posts", new { text = "hello followers", visibility = "public" }, authorTokens.AccessToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var post = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(5)); // a connection's renewal (20 s) cannot meet this
        var n = await pushed.Reader.ReadAsync(within.Token);
        output.WriteLine($"new_content pushed {elapsed.ElapsedMilliseconds} ms after the post was sent");

        Assert.Equal(("new_content", post), (n.Type, n.SubjectId));
    }
}
