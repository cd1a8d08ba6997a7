using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Payments;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Comments;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>Comments on videos and posts. Whoever cannot see the item gets 404; reactions go through the engagement endpoints.</summary>
public static class CommentEndpoints
{
    public static IEndpointRouteBuilder MapCommentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Comments");
        group.MapPost("/videos/{id:guid}/comments", (Guid id, CreateCommentRequest request, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user) =>
            AddComment(id, ContentKind.Video, request, grains, gate, user)).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/posts/{id:guid}/comments", (Guid id, CreateCommentRequest request, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user) =>
            AddComment(id, ContentKind.Post, request, grains, gate, user)).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/videos/{id:guid}/comments", ([AsParameters] PageRequest page, Guid id, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user) =>
            ListComments(id, ContentKind.Video, page, grains, gate, user)).AllowAnonymous().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/posts/{id:guid}/comments", ([AsParameters] PageRequest page, Guid id, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user) =>
            ListComments(id, ContentKind.Post, page, grains, gate, user)).AllowAnonymous().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/comments/{id:guid}", GetComment).AllowAnonymous();
        group.MapPatch("/comments/{id:guid}", EditComment).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/comments/{id:guid}", DeleteComment).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/comments/{id:guid}/replies", ListReplies).AllowAnonymous();
        return routes;
    }

    public static async Task<Results<Created<CommentResponse>, ProblemHttpResult>> AddComment(
        Guid itemId, ContentKind kind, CreateCommentRequest request, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user)
    {
        if (await MembersOnlyRefusalAsync(gate, itemId, user.UserId()) is { } refused) return refused;
        var result = await Comments(grains).AddAsync(new CommentDraft(itemId, kind, user.UserId(), request.ParentId, request.Text!));
        return result.Comment is { } c
            ? TypedResults.Created($"/api/v1/comments/{c.Id}", CommentResponse.From(c))
            : Problem(result.Status, kind == ContentKind.Video ? "video" : "post");
    }

    public static async Task<Results<Ok<ItemsResponse<CommentResponse>>, ProblemHttpResult>> ListComments(
        Guid itemId, ContentKind kind, PageRequest request, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var result = await Comments(grains).ListAsync(itemId, kind, user.ViewerId(), asked.After, asked.Size);
        if (result is null) return Problems.NotFound(kind == ContentKind.Video ? "video" : "post");
        return await MembersOnlyRefusalAsync(gate, itemId, user.ViewerId()) is { } refused ? refused : TypedResults.Ok(ToItems(result));
    }

    public static async Task<Results<Ok<ItemsResponse<CommentResponse>>, ProblemHttpResult>> ListReplies(
        Guid id, [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var result = await Comments(grains).ListRepliesAsync(id, user.ViewerId(), asked.After, asked.Size);
        return result is null ? Problems.NotFound("comment") : TypedResults.Ok(ToItems(result));
    }

    /// <summary>One comment, as its lists show it to this viewer; 404 when it is gone or they may not see it or its item.</summary>
    public static async Task<Results<Ok<CommentResponse>, ProblemHttpResult>> GetComment(Guid id, IGrainFactory grains, ClaimsPrincipal user) =>
        await Comments(grains).GetAsync(id, user.ViewerId()) is { } c ? TypedResults.Ok(CommentResponse.From(c)) : Problems.NotFound("comment");

    public static async Task<Results<Ok<CommentResponse>, ProblemHttpResult>> EditComment(Guid id, EditCommentRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var result = await Comments(grains).EditAsync(id, user.UserId(), request.Text!);
        return result.Comment is { } c ? TypedResults.Ok(CommentResponse.From(c)) : Problem(result.Status, "comment");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteComment(Guid id, IGrainFactory grains, ClaimsPrincipal user)
    {
        var status = await Comments(grains).DeleteAsync(id, user.UserId(), user.IsModerator());
        return status == CommentStatus.Ok ? TypedResults.NoContent() : Problem(status, "comment");
    }

    private static ICommentsGrain Comments(IGrainFactory grains) => grains.Ref<ICommentsGrain>(0);

    /// <summary>A members-only item's comments are its members' (a price does not close them: a paid video's comments are
    /// its public reviews). A refusal names only the creator and the rank, as the item's lock in lists does.</summary>
    private static async Task<ProblemHttpResult?> MembersOnlyRefusalAsync(IContentGate gate, Guid itemId, Guid? viewer) =>
        await gate.CheckAsync(itemId, viewer) is { Verdict: AccessVerdict.MembershipRequired } refusal ? AccessProblems.Refused(itemId, refusal) : null;

    private static ItemsResponse<CommentResponse> ToItems(CommentPage page) =>
        ItemsResponse.Of(page.Items.Select(CommentResponse.From).ToList(), page.Next);

    private static ProblemHttpResult Problem(CommentStatus status, string what) => status switch
    {
        CommentStatus.Forbidden => Problems.Result(403, "not_allowed", "Only the author may edit a comment; the author, the item's owner or a moderator may delete it."),
        CommentStatus.InvalidParent => Problems.Result(422, "invalid_parent", "parent_id is not a live comment on this item."),
        _ => Problems.NotFound(what),
    };
}
