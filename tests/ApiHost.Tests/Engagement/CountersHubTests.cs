using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Tests.Engagement;

[Collection(EngagementCollection.Name)]
public sealed class CountersHubTests(EngagementFixture fx)
{
    public sealed record Counters(Guid ContentId, long LikeCount, long ViewCount, long CommentCount, long BookmarkCount);

    private HubConnection Connect(string token) => fx.Factory.NotificationsHub(token);

    [Fact]
    public async Task Watch_ALikeByAnotherUser_IsPushedWithinTwoSeconds()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, watcher) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var likers = await fx.Factory.UsersAsync(fx.Database.ConnectionString, 3);
        var video = await fx.Factory.ItemAsync(owner);
        var pushed = Channel.CreateUnbounded<Counters>();
        await using var hub = Connect(watcher);
        hub.On<Counters>("counters", c => pushed.Writer.TryWrite(c));
        await hub.StartAsync();

        var initial = await hub.InvokeAsync<Counters>("Watch", video);
        Assert.Equal(0, initial.LikeCount);
        var api = fx.CreateClient();
        foreach (var u in likers) Assert.Equal(HttpStatusCode.OK, (await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{video}/like", null, u.Token)).StatusCode);

        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        Counters last;
        do last = await pushed.Reader.ReadAsync(within.Token); while (last.LikeCount < 3);
        Assert.Equal(video, last.ContentId);
        Assert.Equal(3, last.LikeCount);
    }

    [Fact]
    public async Task Watch_AnItemTheCallerMayNotSee_IsRefusedLikeAMissingOne()
    {
        var (owner, _) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, stranger) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var hidden = await fx.Factory.ItemAsync(owner, visibility: Visibility.Private);
        await using var hub = Connect(stranger);
        await hub.StartAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<Counters>("Watch", hidden));
        var missing = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<Counters>("Watch", Guid.NewGuid()));
        Assert.Contains("not_found", refused.Message);
        Assert.Equal(refused.Message, missing.Message);
    }

    [Fact]
    public async Task AnItemMadeNarrower_EndsItsWatches_AndPushesNoMoreCounts()
    {
        var (owner, ownerToken) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var (_, watcher) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var video = await fx.Factory.ItemAsync(owner);
        var pushed = Channel.CreateUnbounded<Counters>();
        var ended = Channel.CreateUnbounded<Guid>();
        await using var hub = Connect(watcher);
        hub.On<Counters>("counters", c => pushed.Writer.TryWrite(c));
        hub.On<WatchEndedEvent>("watch_ended", e => ended.Writer.TryWrite(e.ContentId));
        await hub.StartAsync();
        await hub.InvokeAsync<Counters>("Watch", video);

        // What a removal does to a video's entry: it becomes its owner's alone.
        var content = fx.Factory.Services.GetRequiredService<IGrainFactory>().Ref<IContentGrain>(video);
        await content.PublishAsync((await content.GetInfoAsync())! with { Visibility = Visibility.Private });
        using (var within = new CancellationTokenSource(TimeSpan.FromSeconds(5))) Assert.Equal(video, await ended.Reader.ReadAsync(within.Token));

        var api = fx.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await api.SendJsonAsync(HttpMethod.Post, $"/api/v1/videos/{video}/like", null, ownerToken)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // several push intervals
        Assert.False(pushed.Reader.TryRead(out _), "no counts after the watch ended");
        var again = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<Counters>("Watch", video));
        Assert.Contains("not_found", again.Message);
    }

    public sealed record WatchEndedEvent(Guid ContentId);

    [Fact]
    public async Task AccessTokenInQuery_IsAcceptedOnHubsOnly()
    {
        var (_, token) = await fx.Factory.UserAsync(fx.Database.ConnectionString);
        var api = fx.CreateClient();

        var negotiate = await api.PostAsync($"/hubs/notifications/negotiate?negotiateVersion=1&access_token={token}", null);
        var withoutToken = await api.PostAsync("/hubs/notifications/negotiate?negotiateVersion=1", null);
        var elsewhere = await api.GetAsync($"/api/v1/users/me?access_token={token}");

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        await elsewhere.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
