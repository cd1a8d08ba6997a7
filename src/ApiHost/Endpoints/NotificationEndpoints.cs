using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>The caller's own notifications, preferences and push devices: every route acts on the token's user only.</summary>
public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/notifications").WithTags("Notifications");
        group.MapGet("", List);
        group.MapGet("/unread-count", UnreadCount);
        group.MapPost("/{id:guid}/read", MarkRead);
        group.MapPost("/read-all", MarkAllRead);
        group.MapGet("/preferences", GetPreferences);
        group.MapPut("/preferences", SetPreferences);
        var devices = routes.MapGroup("/devices").WithTags("Notifications");
        devices.MapPost("", RegisterDevice);
        devices.MapDelete("/{token}", RemoveDevice);
        return routes;
    }

    /// <summary>`unread=true` for unread ones only.</summary>
    public static async Task<Results<Ok<ItemsResponse<NotificationResponse>>, ProblemHttpResult>> List(
        [AsParameters] PageRequest request, bool? unread, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var page = await Mine(grains, user).ListAsync(asked.After, unread == true, asked.Size);
        return TypedResults.Ok(ItemsResponse.Of(page.Items.Select(NotificationResponse.From).ToList(), page.Next));
    }

    public static async Task<Ok<UnreadCountResponse>> UnreadCount(IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(new UnreadCountResponse(await Mine(grains, user).GetUnreadCountAsync()));

    public static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(Guid id, IGrainFactory grains, ClaimsPrincipal user) =>
        await Mine(grains, user).MarkReadAsync(id) ? TypedResults.NoContent() : Problems.NotFound("notification");

    public static async Task<Ok<ReadAllResponse>> MarkAllRead(IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(new ReadAllResponse(await Mine(grains, user).MarkAllReadAsync()));

    public static async Task<Ok<NotificationPreferencesDto>> GetPreferences(IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(NotificationPreferencesDto.From(await Mine(grains, user).GetPreferencesAsync()));

    public static async Task<Ok<NotificationPreferencesDto>> SetPreferences(NotificationPreferencesDto request, IGrainFactory grains, ClaimsPrincipal user) =>
        TypedResults.Ok(NotificationPreferencesDto.From(await Mine(grains, user).SetPreferencesAsync(request.ToChanges())));

    public static async Task<Ok<DeviceResponse>> RegisterDevice(DeviceRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        await Mine(grains, user).RegisterDeviceAsync(request.Token!, request.Platform!);
        return TypedResults.Ok(new DeviceResponse(request.Token!, request.Platform!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveDevice(string token, IGrainFactory grains, ClaimsPrincipal user) =>
        DeviceRequest.IsToken(token) && await Mine(grains, user).RemoveDeviceAsync(token) ? TypedResults.NoContent() : Problems.NotFound("device");

    private static INotificationGrain Mine(IGrainFactory grains, ClaimsPrincipal user) => grains.Ref<INotificationGrain>(user.UserId());
}
