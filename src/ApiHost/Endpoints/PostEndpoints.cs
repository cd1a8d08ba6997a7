using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Payments;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Engagement;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>Posts: not visible to the caller → 404; visible but not theirs → 403.</summary>
public static class PostEndpoints
{
    public static IEndpointRouteBuilder MapPostEndpoints(this IEndpointRouteBuilder routes)
    {
        var posts = routes.MapGroup("/posts").WithTags("Posts");
        posts.MapPost("", CreatePost).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        posts.MapGet("/{id:guid}", GetPost).AllowAnonymous().ProducesProblem(StatusCodes.Status403Forbidden);
        posts.MapPatch("/{id:guid}", UpdatePost).ProducesProblem(StatusCodes.Status403Forbidden);
        posts.MapDelete("/{id:guid}", DeletePost).ProducesProblem(StatusCodes.Status403Forbidden);
        routes.MapGet("/users/{username}/posts", ListUserPosts).WithTags("Posts").AllowAnonymous();
        routes.MapGet("/hashtags/{tag}/posts", ListHashtagPosts).WithTags("Posts").AllowAnonymous();
        return routes;
    }

    /// <summary>A members-only post's rule is recorded before the post exists, so that no reader ever sees it open.</summary>
    public static async Task<Results<Created<PostResponse>, ProblemHttpResult>> CreatePost(
        CreatePostRequest request, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user)
    {
        var id = Guid.CreateVersion7();
        if (request.MembersOnlyRank is { } rank
            && await grains.Ref<IContentAccessGrain>(id).PrepareMembersOnlyAsync(user.UserId(), GatedItemKind.Post, rank) != AccessRuleOutcome.Done)
        {
            return Problem(PostStatus.AlreadyExists);
        }
        var result = await grains.Ref<IPostGrain>(id).CreateAsync(user.UserId(), request.ToDraft());
        if (result.Post is null) return Problem(result.Status);
        return TypedResults.Created($"/api/v1/posts/{id}", await RenderAsync(grains, gate, result.Post, user.UserId()));
    }

    public static async Task<Results<Ok<PostResponse>, ProblemHttpResult>> GetPost(Guid id, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user)
    {
        var post = await grains.Ref<IPostGrain>(id).GetAsync(user.ViewerId());
        if (post is null) return Problems.NotFound("post");
        var access = await gate.CheckAsync(id, user.ViewerId());
        return access.Verdict == AccessVerdict.Allowed ? TypedResults.Ok(await RenderAsync(grains, post, user.ViewerId())) : AccessProblems.Refused(id, access);
    }

    public static async Task<Results<Ok<PostResponse>, ProblemHttpResult>> UpdatePost(
        Guid id, UpdatePostRequest request, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user)
    {
        var result = await grains.Ref<IPostGrain>(id).UpdateAsync(user.UserId(), request.ToPatch());
        return result.Post is null ? Problem(result.Status) : TypedResults.Ok(await RenderAsync(grains, gate, result.Post, user.UserId()));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePost(Guid id, IGrainFactory grains, ClaimsPrincipal user)
    {
        var status = await grains.Ref<IPostGrain>(id).DeleteAsync(user.UserId(), user.IsModerator());
        return status == PostStatus.Ok ? TypedResults.NoContent() : Problem(status);
    }

    public static async Task<Results<Ok<ItemsResponse<PostResponse>>, ProblemHttpResult>> ListUserPosts(
        string username, [AsParameters] PageRequest request, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var page, out var bad)) return bad;
        var authorId = await grains.VisibleUserIdOfAsync(username, user.ViewerId());
        if (authorId is null || await VideoEndpoints.BlockedAsync(grains, authorId.Value, user)) return Problems.NotFound("user");
        var ids = await grains.Ref<IPostDirectoryGrain>(0).ListByAuthorAsync(authorId.Value, user.ViewerId(), page.After, page.Size);
        return TypedResults.Ok(await RenderPageAsync(grains, gate, ids, user.ViewerId()));
    }

    public static async Task<Results<Ok<ItemsResponse<PostResponse>>, ProblemHttpResult>> ListHashtagPosts(
        string tag, [AsParameters] PageRequest request, IGrainFactory grains, IContentGate gate, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var page, out var bad)) return bad;
        if (Hashtag.Normalise(tag) is not { } normalised) return Problems.Result(400, "invalid_hashtag", "That is not a hashtag.");
        var ids = await grains.Ref<IPostDirectoryGrain>(0).ListByHashtagAsync(normalised, page.After, page.Size);
        return TypedResults.Ok(await RenderPageAsync(grains, gate, ids, user.ViewerId()));
    }

    private static async Task<ItemsResponse<PostResponse>> RenderPageAsync(IGrainFactory grains, IContentGate gate, PostIdPage page, Guid? viewer)
    {
        // Each post grain applies the visibility rule again: a post that changed since the query is dropped, not leaked.
        var posts = await Task.WhenAll(page.Ids.Select(id => grains.Ref<IPostGrain>(id).GetAsync(viewer)));
        var items = await Task.WhenAll(posts.OfType<PostSnapshot>().Select(p => RenderAsync(grains, gate, p, viewer)));
        return ItemsResponse.Of(items, page.Next);
    }

    /// <summary>A post as a list or an author's own write shows it: locked (no text, no images) for a reader the gate refuses.</summary>
    private static async Task<PostResponse> RenderAsync(IGrainFactory grains, IContentGate gate, PostSnapshot post, Guid? viewer)
    {
        var access = await gate.CheckAsync(post.Id, viewer);
        var rendered = await RenderAsync(grains, post, viewer);
        return access.Verdict == AccessVerdict.Allowed ? rendered : rendered.LockedBy(access);
    }

    private static async Task<PostResponse> RenderAsync(IGrainFactory grains, PostSnapshot post, Guid? viewer)
    {
        var content = grains.Ref<IContentGrain>(post.Id);
        var counts = content.GetCountsAsync();
        var state = viewer is { } v ? await content.GetViewerStateAsync(v) : null;
        return PostResponse.From(post, await counts, state);
    }

    private static ProblemHttpResult Problem(PostStatus status) => status switch
    {
        PostStatus.Forbidden => Problems.Result(403, "not_owner", "Only the author (or a moderator, to delete) may change this post."),
        PostStatus.MediaUnavailable => Problems.Result(422, "media_unavailable", "An image is not one of your unattached uploads."),
        PostStatus.AlreadyExists => Problems.Result(409, "conflict", "The post already exists."),
        _ => Problems.NotFound("post"),
    };
}
