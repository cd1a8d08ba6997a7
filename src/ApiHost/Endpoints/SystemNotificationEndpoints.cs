using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Notifications;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// `POST /admin/notifications` (role admin): a "system" notification to one user, through every channel they keep on
/// for that type. `id` makes it idempotent (a retry with the same id changes nothing); mutes and blocks of the sending
/// admin do not hold it back.
/// </summary>
public static class SystemNotificationEndpoints
{
    public static IEndpointRouteBuilder MapSystemNotificationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/admin/notifications", Send).WithTags("Admin").RequireAuthorization(p => p.RequireRole("admin"))
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<Accepted<SystemNotificationResponse>, ProblemHttpResult>> Send(
        SystemNotificationRequest request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http)
    {
        if (await grains.UserIdOfAsync(request.Username!) is not { } recipient) return Problems.NotFound("user");
        var id = request.Id ?? Guid.CreateVersion7();
        await grains.Ref<IAuditLogGrain>(0).RecordAsync(new AuditActor(user.UserId(), http.TraceIdentifier), AuditActions.SystemNotificationSent,
            "user", recipient.ToString(), $"notification {id}");
        await grains.Ref<INotificationGrain>(recipient).ApplyAsync(
            new NotificationInput(id, NotificationType.System, user.UserId(), id, "system", null, Text: request.Text!.Trim()));
        return TypedResults.Accepted((string?)null, new SystemNotificationResponse(id, recipient));
    }
}

public sealed record SystemNotificationRequest(string? Username, string? Text, Guid? Id) : IValidatable
{
    public const int MaxText = 500;

    public void Validate(FieldErrors errors)
    {
        errors.Required("username", Username, 30);
        errors.Required("text", Text, MaxText);
    }
}

public sealed record SystemNotificationResponse(Guid Id, Guid UserId);
