using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Engagement;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// /hubs/notifications, for signed-in users (bearer header, or access_token in the query for WebSockets).
/// Watch(content_id) returns the current counts and then pushes "counters" events when they change, until a
/// "watch_ended" event (the item was removed, held, deleted or made more private; watch again if still allowed);
/// an item the caller may not see is refused exactly like one that does not exist. Every connection also joins its
/// user's own group and receives "notification" (a new or updated grouped notification) and "unread_count" events.
/// </summary>
[Authorize]
public sealed class NotificationsHub(IGrainFactory grains, CountersRelay relay, NotificationsRelay notifications) : Hub
{
    public const string Path = "/hubs/notifications";
    public const string CountersEvent = "counters";
    public const string WatchEndedEvent = "watch_ended";
    public const string NotificationEvent = "notification";
    public const string UnreadCountEvent = "unread_count";

    public override async Task OnConnectedAsync()
    {
        var userId = Context.User!.UserId();
        await Groups.AddToGroupAsync(Context.ConnectionId, NotificationsRelay.Group(userId));
        await notifications.ConnectedAsync(userId, Context.ConnectionId);
        await base.OnConnectedAsync();
    }

    public async Task<CountsResponse> Watch(Guid contentId)
    {
        var counts = await grains.Ref<IContentLiveGrain>(contentId).GetCountsForAsync(Context.User!.UserId())
            ?? throw new HubException("not_found: the item does not exist.");
        await Groups.AddToGroupAsync(Context.ConnectionId, CountersRelay.Group(contentId));
        if (!await relay.WatchAsync(Context.ConnectionId, contentId))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, CountersRelay.Group(contentId));
            throw new HubException($"too_many_watches: a connection may watch at most {CountersRelay.MaxWatchesPerConnection} items.");
        }
        return CountsResponse.From(contentId, counts);
    }

    public async Task Unwatch(Guid contentId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, CountersRelay.Group(contentId));
        await relay.UnwatchAsync(Context.ConnectionId, contentId);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        relay.Disconnected(Context.ConnectionId);
        notifications.Disconnected(Context.User!.UserId(), Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
