using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Engagement;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Notifications;

[Collection(NotificationsCollection.Name)]
public sealed class NotificationsHubTests(NotificationsFixture fx)
{
    public sealed record Pushed(Guid Id, string Type, int ActorCount, Guid SubjectId);
    public sealed record Unread(long UnreadCount);

    private HubConnection Connect(string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(fx.Factory.Server.BaseAddress, "/hubs/notifications"), o =>
        {
            o.HttpMessageHandlerFactory = _ => fx.Factory.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .AddJsonProtocol(o => o.PayloadSerializerOptions = ApiClientExtensions.Json)
        .Build();

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
}
