using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.Grains.Interfaces.Content;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// /hubs/notifications, for signed-in users (bearer header, or access_token in the query for WebSockets).
/// Watch(content_id) returns the current counts and then pushes "counters" events when they change;
/// an item the caller may not see is refused exactly like one that does not exist.
/// </summary>
[Authorize]
public sealed class NotificationsHub(IGrainFactory grains, CountersRelay relay) : Hub
{
    public const string Path = "/hubs/notifications";
    public const string CountersEvent = "counters";

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
        return base.OnDisconnectedAsync(exception);
    }
}
