using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Live;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.ApiHost.Endpoints;

public sealed class LiveOptions
{
    public const string Section = "SocialFlow:Live";

    /// <summary>What publishers are told to publish to (the RTMP ingest's application URL).</summary>
    public string RtmpUrl { get; set; } = "rtmp://127.0.0.1:1935/live";

    /// <summary>
    /// The ingest's callbacks carry it (`?secret=` in the nginx-rtmp on_publish URLs the project writes); without it set,
    /// every callback is refused, so no stream can be started from outside.
    /// </summary>
    public string? CallbackSecret { get; set; }
}

/// <summary>
/// Live streams: create (the key is told once), rotate the key, read, end; and the RTMP ingest's callbacks, which
/// accept only a valid key of a stream that is not live or ended.
/// </summary>
public static class LiveEndpoints
{
    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder api)
    {
        var live = api.MapGroup("/live").WithTags("Live");
        live.MapPost("", Create).ProducesProblem(StatusCodes.Status409Conflict);
        live.MapGet("", LiveNow).AllowAnonymous();
        live.MapPost("/{id:guid}/key", RotateKey);
        live.MapGet("/{id:guid}", Get).AllowAnonymous();
        live.MapPost("/{id:guid}/end", End);
        live.MapGet("/{id:guid}/analytics", Analytics);
        return api;
    }

    /// <summary>nginx-rtmp's on_publish / on_publish_done (form posts, `name` = the stream key); outside /api/v1.</summary>
    public static IEndpointRouteBuilder MapRtmpCallbacks(this IEndpointRouteBuilder app)
    {
        var rtmp = app.MapGroup("/internal/rtmp").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        rtmp.MapPost("/publish", Publish);
        rtmp.MapPost("/publish-done", PublishDone);
        return app;
    }

    public static async Task<Results<Created<LiveStreamCreatedResponse>, ProblemHttpResult>> Create(
        CreateLiveStreamRequest request, IGrainFactory grains, IOptions<LiveOptions> options, ClaimsPrincipal user)
    {
        var id = Guid.CreateVersion7();
        // As a members-only post: the rule is recorded before the stream exists, so no viewer ever finds it open.
        if (request.MembersOnlyRank is { } rank
            && await grains.Ref<IContentAccessGrain>(id).PrepareMembersOnlyAsync(user.UserId(), GatedItemKind.LiveStream, rank) != AccessRuleOutcome.Done)
        {
            return Problems.Result(409, "conflict", "The stream could not be created; retry.");
        }
        var created = await grains.Ref<ILiveStreamGrain>(id).CreateAsync(user.UserId(), request.ToDraft());
        if (created is null) return Problems.Result(409, "conflict", "The stream could not be created; retry.");
        return TypedResults.Created($"/api/v1/live/{id}",
            new LiveStreamCreatedResponse(id, created.StreamKey, options.Value.RtmpUrl, LiveStreamResponse.From(created.Stream)));
    }

    /// <summary>Public streams live now, newest start first (cursor paging).</summary>
    public static async Task<Results<Ok<ItemsResponse<LiveStreamResponse>>, ProblemHttpResult>> LiveNow(
        [AsParameters] PageRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!request.TryRead(out var asked, out var bad)) return bad;
        var page = await grains.Ref<ILiveDirectoryGrain>(0).LiveNowAsync(user.ViewerId(), asked.After, asked.Size);
        return TypedResults.Ok(ItemsResponse.Of(page.Items.Select(LiveStreamResponse.From).ToList(), page.Next));
    }

    public static async Task<Results<Ok<StreamKeyResponse>, ProblemHttpResult>> RotateKey(Guid id, IGrainFactory grains, IOptions<LiveOptions> options, ClaimsPrincipal user) =>
        await grains.Ref<ILiveStreamGrain>(id).RotateKeyAsync(user.UserId()) is { } key
            ? TypedResults.Ok(new StreamKeyResponse(key, options.Value.RtmpUrl))
            : Problems.NotFound("live stream");

    /// <summary>The stream with its audience (current and peak viewers) as its chat room counts it.</summary>
    public static async Task<Results<Ok<LiveStreamResponse>, ProblemHttpResult>> Get(Guid id, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (await grains.Ref<ILiveStreamGrain>(id).GetAsync(user.ViewerId()) is not { } s) return Problems.NotFound("live stream");
        var viewers = await grains.Ref<Grains.Interfaces.Live.Chat.ILiveRoomGrain>(id).GetViewersAsync();
        return TypedResults.Ok(LiveStreamResponse.From(s) with { CurrentViewers = viewers.Current, PeakViewers = Math.Max(s.PeakViewers, viewers.Peak) });
    }

    /// <summary>The owner's figures: viewers (current, peak, time-weighted average over the live time), chat, duration.</summary>
    public static async Task<Results<Ok<LiveAnalyticsResponse>, ProblemHttpResult>> Analytics(Guid id, IGrainFactory grains, ClaimsPrincipal user, TimeProvider clock)
    {
        if (await grains.Ref<ILiveStreamGrain>(id).GetAsync(user.UserId()) is not { } s || s.OwnerId != user.UserId()) return Problems.NotFound("live stream");
        if (await grains.Ref<Grains.Interfaces.Live.Chat.ILiveRoomGrain>(id).GetStatsAsync() is not { } stats) return Problems.NotFound("live stream");
        return TypedResults.Ok(LiveAnalyticsResponse.From(s, stats, clock.GetUtcNow()));
    }

    public static async Task<Results<Ok<LiveStreamResponse>, ProblemHttpResult>> End(Guid id, IGrainFactory grains, ClaimsPrincipal user) =>
        await grains.Ref<ILiveStreamGrain>(id).EndAsync(user.UserId()) is { } s ? TypedResults.Ok(LiveStreamResponse.From(s)) : Problems.NotFound("live stream");

    public static async Task<IResult> Publish(HttpRequest request, string? secret, IGrainFactory grains, IOptions<LiveOptions> options)
    {
        if (await StreamOfAsync(request, secret, options.Value, grains) is not var (stream, key, publisher)) return Results.StatusCode(403);
        return await stream.StartPublishingAsync(key, publisher) == PublishDecision.Accepted ? Results.NoContent() : Results.StatusCode(403);
    }

    public static async Task<IResult> PublishDone(HttpRequest request, string? secret, IGrainFactory grains, IOptions<LiveOptions> options)
    {
        if (await StreamOfAsync(request, secret, options.Value, grains) is not var (stream, _, publisher)) return Results.StatusCode(403);
        await stream.PublishingStoppedAsync(publisher);
        return Results.NoContent();
    }

    /// <summary>The grain the callback's key names and the ingest session (`clientid`), if the callback carries the configured secret.</summary>
    private static async Task<(ILiveStreamGrain Stream, string Key, string Publisher)?> StreamOfAsync(HttpRequest request, string? secret, LiveOptions options, IGrainFactory grains)
    {
        if (options.CallbackSecret is not { Length: > 0 } expected || secret is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(expected))) return null;
        if (!request.HasFormContentType) return null;
        var form = await request.ReadFormAsync();
        var key = form.TryGetValue("name", out var name) ? name.ToString() : "";
        var publisher = form.TryGetValue("clientid", out var client) ? client.ToString() : "";
        return StreamKeys.StreamIdOf(key) is { } id ? (grains.Ref<ILiveStreamGrain>(id), key, publisher) : null;
    }
}
