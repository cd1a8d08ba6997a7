using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.ApiHost.Hubs;

/// <summary>
/// /hubs/live, for signed-in users (bearer header, or access_token in the query for WebSockets).
/// Join(stream_id) enters the audience and the chat (the last messages come back), Send(stream_id, text) answers the
/// stored message, Leave(stream_id) leaves; closing the connection leaves every room. Refusals are HubExceptions
/// "code: reason" with the room's codes (not_found, banned, ended, rate_limited, slow_mode, slow_down, membership_required,
/// …; not_joined here); slow_down means the room's messages reach viewers too late: wait the seconds in the reason, then
/// send again. Events: "chat" (an array of messages per delivery batch; paid ones carry their tip), "chat_deleted",
/// "viewers", "banned", "timed_out", "membership_required" (the stream became members-only: the connection left the
/// room), "stream_ended". A user counts once however many connections they join with.
/// </summary>
[Authorize]
public sealed class LiveHub(IGrainFactory grains, LiveRoomRelay relay) : Hub
{
    public const string Path = "/hubs/live";
    public const string ChatEvent = "chat", ChatDeletedEvent = "chat_deleted", ViewersEvent = "viewers";
    public const string BannedEvent = "banned", TimedOutEvent = "timed_out", StreamEndedEvent = "stream_ended";
    public const string MembershipRequiredEvent = "membership_required";

    public async Task<RoomJoinedResponse> Join(Guid streamId)
    {
        var outcome = await relay.JoinAsync(Context.ConnectionId, Context.User!.UserId(), streamId);
        return outcome.Joined is { } joined ? RoomJoinedResponse.From(streamId, joined) : throw Refusal(outcome.Refused!);
    }

    public async Task Leave(Guid streamId)
    {
        if (await relay.LeaveAsync(Context.ConnectionId, Context.User!.UserId(), streamId) is { } refused) throw Refusal(refused);
    }

    public async Task<ChatMessageResponse> Send(Guid streamId, string? text)
    {
        if (!relay.IsJoined(Context.ConnectionId, streamId)) throw new HubException("not_joined: join the stream's room first.");
        var outcome = await grains.Ref<ILiveRoomGrain>(streamId).SendAsync(Context.User!.UserId(), text);
        return outcome.Message is { } m ? ChatMessageResponse.From(m, outcome.Held) : throw Refusal(outcome.Refused!);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await relay.DisconnectedAsync(Context.ConnectionId, Context.User!.UserId());
        await base.OnDisconnectedAsync(exception);
    }

    private static HubException Refusal(ChatRefused refused) => new($"{refused.CodeName}: {refused.Reason}");
}
