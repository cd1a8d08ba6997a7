using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// The admin content console (moderators and admins): `GET /admin/content` lists videos, posts, comments and live streams
/// by moderation standing, author and time, whoever may see them. A sibling of <see cref="ModerationEndpoints"/>.
/// </summary>
public static class ModerationContentEndpoints
{
    public static IEndpointRouteBuilder MapModerationContentEndpoints(this IEndpointRouteBuilder routes)
    {
        var staff = routes.MapGroup("/admin").WithTags("Moderation")
            .RequireAuthorization(p => p.RequireRole(AccountRoles.Moderator, AccountRoles.Admin));
        staff.MapGet("/content", ListContent).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<Ok<ItemsResponse<AdminContentItemResponse>>, ValidationProblem, ProblemHttpResult>> ListContent(
        [AsParameters] PageRequest request, [FromQuery] string? type, [FromQuery] string? status, [FromQuery] string? author,
        [FromQuery] string? sort, [FromQuery] string? reported, IGrainFactory grains)
    {
        if (!request.TryRead(out var page, out var bad)) return bad;
        var errors = new FieldErrors();
        if (AdminContentQuery.Read(type, status, author, sort, reported, errors) is not { } query) return errors.ToProblem();
        if (author is not null)
        {
            if (await grains.UserIdOfAsync(author) is not { } authorId) return Problems.NotFound("user");
            query = query with { AuthorId = authorId };
        }
        var found = await grains.Ref<IContentConsoleGrain>(0).ListAsync(query, page.After, page.Size);
        return TypedResults.Ok(ItemsResponse.Of(found.Items.Select(AdminContentItemResponse.From).ToList(), found.Next));
    }
}
