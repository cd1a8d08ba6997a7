using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Orleans.Concurrency;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Payments;
using SocialFlow.ApiHost.Videos;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Media;
using SocialFlow.Grains.Interfaces.Payments;
using SocialFlow.Grains.Interfaces.Posts;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>Image uploads for posts and serving them to whoever may see the post that uses them.</summary>
public static class PostMediaEndpoints
{
    /// <summary>Room for multipart boundaries and headers on top of the image size limit.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapPostMediaEndpoints(this IEndpointRouteBuilder routes)
    {
        var maxBytes = routes.ServiceProvider.GetRequiredService<IOptions<PostImageUploadOptions>>().Value.MaxBytes;
        var media = routes.MapGroup("/posts/media").WithTags("Posts");
        media.MapPost("", UploadImage).WithMetadata(new RequestSizeLimitAttribute(maxBytes + MultipartOverhead))
            .Produces<PostImageResponse>(StatusCodes.Status201Created);
        media.MapGet("/{id:guid}", GetImage).AllowAnonymous().ProducesFile("image/jpeg", "image/png", "image/webp", "image/gif")
            .Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    /// <summary>Multipart (the first file part) or a raw body with an image/* or application/octet-stream content type.</summary>
    public static async Task<IResult> UploadImage(HttpRequest request, IGrainFactory grains, ClaimsPrincipal user, IOptions<PostImageUploadOptions> options)
    {
        var maxBytes = options.Value.MaxBytes;
        using var buffer = new MemoryStream();
        try
        {
            var body = await OpenImagePartAsync(request);
            if (body is null)
            {
                return Problems.Result(415, "unsupported_media_type", "Send the image as multipart/form-data or as a raw body with an image/* content type.");
            }
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes) return Problems.Result(413, "payload_too_large", $"Images may be at most {maxBytes} bytes.");
                buffer.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            return Problems.Result(400, "malformed_request", "The multipart body is malformed.");
        }
        if (buffer.Length == 0) return Problems.Result(400, "empty_body", "The request carries no image.");

        var result = await grains.Ref<IPostMediaGrain>(0).UploadAsync(user.UserId(), new Immutable<byte[]>(buffer.ToArray()));
        return result switch
        {
            { Status: ImageUploadStatus.Ok, Media: { } m } => TypedResults.Created(PostImageResponse.UrlOf(m.Id),
                new PostImageResponse(m.Id, m.Width, m.Height, m.ContentType, PostImageResponse.UrlOf(m.Id))),
            { Status: ImageUploadStatus.TooLarge } => Problems.Result(413, "payload_too_large", result.Detail ?? "The image is too large."),
            { Status: ImageUploadStatus.TooManyPixels } => Problems.Result(413, "image_dimensions_too_large", result.Detail ?? "The image has too many pixels."),
            _ => Problems.Result(415, "unsupported_image", result.Detail ?? "The content is not a supported image."),
        };
    }

    /// <summary>Unattached images are the uploader's alone; attached ones are visible exactly when their post is, and a
    /// members-only post's only to those its content gate lets in (403, as the post).</summary>
    public static async Task<IResult> GetImage(Guid id, HttpContext http, IGrainFactory grains, IMediaFiles files, IContentGate gate, ClaimsPrincipal user)
    {
        var media = await grains.Ref<IPostMediaGrain>(0).FindAsync(id);
        if (media is null) return Problems.NotFound("image");
        var viewer = user.ViewerId();
        var post = media.PostId is { } postId ? grains.Ref<IPostGrain>(postId) : null;
        var visible = post is null ? viewer == media.UploaderId : await post.CanViewAsync(viewer);
        if (!visible) return Problems.NotFound("image");
        var access = media.PostId is { } gated ? await gate.CheckAsync(gated, viewer) : AccessDecision.Open;
        if (access.Verdict != AccessVerdict.Allowed) return AccessProblems.Refused(media.PostId!.Value, access);
        var stream = await files.OpenReadAsync(new MediaFile.PostImage(media.StorageKey), ct: http.RequestAborted);
        if (stream is null) return Problems.NotFound("image");

        var isPublic = post is not null && !access.Restricted && await post.CanViewAsync(null);
        // The bytes at an id never change; only who may see them can, so shared caches keep public images briefly.
        http.Response.Headers.CacheControl = isPublic ? "public, max-age=3600" : "private, max-age=3600";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(stream, media.ContentType, lastModified: media.CreatedAt,
            entityTag: new EntityTagHeaderValue($"\"{media.Id:N}\""), enableRangeProcessing: true);
    }

    private static async Task<Stream?> OpenImagePartAsync(HttpRequest request)
    {
        var type = request.ContentType is { } ct && MediaTypeHeaderValue.TryParse(ct, out var parsed) ? parsed : null;
        if (type is null) return null;
        if (type.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return request.Body;
        }
        if (!type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)) return null;
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200) return null;
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(request.HttpContext.RequestAborted) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
            {
                return section.Body;
            }
        }
        return null;
    }
}
