using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Payments;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Live.Chat;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Live chat for HTTP clients (the same rules as /hubs/live), chat replay, HTTP viewers' presence (join again within
/// the presence timeout to stay counted), and moderation by the streamer and their moderators.
/// </summary>
public static class LiveChatEndpoints
{

    public static IEndpointRouteBuilder MapLiveChatEndpoints(this IEndpointRouteBuilder api)
    {
        var live = api.MapGroup("/live/{id:guid}").WithTags("Live chat");
        live.MapPost("/chat", Send).ProducesChatRefusals().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        live.MapGet("/chat", Replay).AllowAnonymous().ProducesProblem(StatusCodes.Status403Forbidden);
        live.MapPost("/join", Join).ProducesChatRefusals();
        live.MapPost("/leave", Leave);
        live.MapPut("/chat/settings", SetSettings).ProducesChatRefusals();
        live.MapPost("/moderators/{username}", (Guid id, string username, IGrainFactory g, ClaimsPrincipal u) => SetModerator(id, username, true, g, u))
            .ProducesChatRefusals();
        live.MapDelete("/moderators/{username}", (Guid id, string username, IGrainFactory g, ClaimsPrincipal u) => SetModerator(id, username, false, g, u))
            .ProducesChatRefusals();
        live.MapDelete("/chat/{messageId:guid}", Delete).ProducesChatRefusals();
        live.MapPost("/chat/timeouts", TimeOut).ProducesChatRefusals();
        live.MapPost("/chat/bans", Ban).ProducesChatRefusals();
        live.MapDelete("/chat/bans/{username}", Unban).ProducesChatRefusals();
        return api;
    }

    /// <summary>What <see cref="Problem"/> answers besides 404, 422 and 429: not allowed (403), ended or not joined (409).</summary>
    private static RouteHandlerBuilder ProducesChatRefusals(this RouteHandlerBuilder route) =>
        route.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

    private static ILiveRoomGrain Room(IGrainFactory grains, Guid id) => grains.Ref<ILiveRoomGrain>(id);

    /// <summary>An HTTP viewer's one presence entry (a user's HTTP joins renew it).</summary>
    private static string HttpPresence(Guid userId) => $"http:{userId:N}";

    public static async Task<Results<Created<ChatMessageResponse>, ProblemHttpResult>> Send(Guid id, ChatMessageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var outcome = await Room(grains, id).SendAsync(user.UserId(), request.Text);
        return outcome.Message is { } m
            ? TypedResults.Created($"/api/v1/live/{id}/chat/{m.Id}", ChatMessageResponse.From(m, outcome.Held))
            : Problem(outcome.Refused!);
    }

    /// <summary>The persisted chat, oldest first (cursor paging), without deleted messages; visible as the stream is.</summary>
    public static async Task<Results<Ok<ItemsResponse<ChatMessageResponse>>, ProblemHttpResult>> Replay(
        Guid id, [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var page = await Room(grains, id).ReplayAsync(user.ViewerId(), asked.After, asked.Size);
        if (page?.Refused is { } refused) return Problem(refused);
        return page is null ? Problems.NotFound("live stream")
            : TypedResults.Ok(ItemsResponse.Of(page.Items.Select(ChatMessageResponse.From).ToList(), page.Next));
    }

    public static async Task<Results<Ok<RoomJoinedResponse>, ProblemHttpResult>> Join(Guid id, IGrainFactory grains, ClaimsPrincipal user)
    {
        var outcome = await Room(grains, id).JoinAsync(user.UserId(), HttpPresence(user.UserId()), observer: null);
        return outcome.Joined is { } joined ? TypedResults.Ok(RoomJoinedResponse.From(id, joined)) : Problem(outcome.Refused!);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Leave(Guid id, IGrainFactory grains, ClaimsPrincipal user) =>
        Done(await Room(grains, id).LeaveAsync(user.UserId(), HttpPresence(user.UserId())));

    public static async Task<Results<Ok<ChatSettingsResponse>, ProblemHttpResult>> SetSettings(Guid id, ChatSettingsRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var settings = new ChatSettings(request.SlowModeSeconds ?? 0, request.FollowersOnly ?? false);
        return await Room(grains, id).SetSettingsAsync(user.UserId(), settings) is { } refused ? Problem(refused) : TypedResults.Ok(ChatSettingsResponse.From(settings));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetModerator(Guid id, string username, bool moderator, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (await grains.UserIdOfAsync(username.Trim()) is not { } target) return Problems.NotFound("user");
        return Done(await Room(grains, id).SetModeratorAsync(user.UserId(), target, moderator));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, Guid messageId, IGrainFactory grains, ClaimsPrincipal user) =>
        Done(await Room(grains, id).DeleteMessageAsync(user.UserId(), messageId));

    public static async Task<Results<NoContent, ProblemHttpResult>> TimeOut(Guid id, ChatTimeoutRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (await grains.UserIdOfAsync(request.Username!.Trim()) is not { } target) return Problems.NotFound("user");
        return Done(await Room(grains, id).TimeOutAsync(user.UserId(), target, TimeSpan.FromSeconds(request.Seconds!.Value)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Ban(Guid id, ChatBanRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (await grains.UserIdOfAsync(request.Username!.Trim()) is not { } target) return Problems.NotFound("user");
        return Done(await Room(grains, id).BanAsync(user.UserId(), target));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Unban(Guid id, string username, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (await grains.UserIdOfAsync(username.Trim()) is not { } target) return Problems.NotFound("user");
        return Done(await Room(grains, id).UnbanAsync(user.UserId(), target));
    }

    private static Results<NoContent, ProblemHttpResult> Done(ChatRefused? refused) => refused is null ? TypedResults.NoContent() : Problem(refused);

    /// <summary>The room's refusal as a problem: its code, Retry-After for the rate limits, and for membership_required what
    /// would grant access (AccessProblems).</summary>
    public static ProblemHttpResult Problem(ChatRefused refused) => refused.Access is { } access ? AccessProblems.Refused(Guid.Empty, access) : Problems.Result(refused.Code switch
    {
        ChatRefusal.NotFound => 404,
        ChatRefusal.Ended or ChatRefusal.NotJoined => 409,
        ChatRefusal.Empty or ChatRefusal.TooLong => 422,
        ChatRefusal.RateLimited or ChatRefusal.SlowMode or ChatRefusal.SlowDown => 429,
        _ => 403,
    }, refused.CodeName, char.ToUpperInvariant(refused.Reason[0]) + refused.Reason[1..], refused.RetryAfter);
}
