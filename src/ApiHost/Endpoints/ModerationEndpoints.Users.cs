using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// The admin users console (admins only). `GET /admin/users?query=&amp;role=&amp;status=&amp;sort=`: accounts whose username,
/// email or display name contains query (case ignored), holding role, in status (active, limited, suspended), ordered
/// by sort (created, last_seen, username, strikes, status). `GET /admin/users/{username}`: private details and active sessions; each
/// such read is one account.private_details_read audit row.
/// </summary>
public static partial class ModerationEndpoints
{
    public const int MaxQuery = 100;
    private static readonly string[] Sorts = ["created", "last_seen", "username", "strikes", "status"];

    private static void MapAdminUsers(RouteGroupBuilder admin)
    {
        admin.MapGet("/users", ListUsers);
        admin.MapGet("/users/{username}", GetUser).ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Ok<ItemsResponse<AdminUserResponse>>, ProblemHttpResult, ValidationProblem>> ListUsers(
        [AsParameters] PageRequest request, [FromQuery] string? query, [FromQuery] string? role, [FromQuery] string? status,
        [FromQuery] string? sort, IGrainFactory grains)
    {
        if (!request.TryRead(out var page, out var bad)) return bad;
        var errors = new FieldErrors();
        errors.MaxLength("query", query, MaxQuery);
        if (role is not null) errors.OneOf("role", role, [.. AccountRoles.All]);
        if (status is not null) errors.OneOf("status", status, StandingNames.All);
        if (sort is not null) errors.OneOf("sort", sort, Sorts);
        if (errors.Any) return errors.ToProblem();

        var filter = new AccountQuery(query, role, status switch
        {
            "active" => AccountStanding.Active,
            "limited" => AccountStanding.Limited,
            "suspended" => AccountStanding.Suspended,
            _ => null,
        }, sort switch
        {
            "last_seen" => AccountSort.LastSeen,
            "username" => AccountSort.Username,
            "strikes" => AccountSort.Strikes,
            "status" => AccountSort.Status,
            _ => AccountSort.Created,
        });
        var found = await grains.Ref<IAccountDirectoryGrain>(0).ListAsync(filter, page.After, page.Size);
        return TypedResults.Ok(ItemsResponse.Of([.. found.Items.Select(AdminUserResponse.From)], found.Next));
    }

    public static async Task<Results<Ok<AdminUserDetailsResponse>, ProblemHttpResult>> GetUser(
        string username, IGrainFactory grains, ClaimsPrincipal user, HttpContext http)
    {
        if (await grains.UserIdOfAsync(username) is not { } id) return Problems.NotFound("user");
        var details = await grains.Ref<IUserGrain>(id).ReadPrivateDetailsAsync(new AuditActor(user.UserId(), http.TraceIdentifier));
        return details is null ? Problems.NotFound("user") : TypedResults.Ok(AdminUserDetailsResponse.From(details, await grains.Ref<IStrikesGrain>(0).RecordOfAsync(id)));
    }
}
