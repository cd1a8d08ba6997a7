using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Videos;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Ads;

namespace SocialFlow.ApiHost.Ads;

/// <summary>
/// Advertisers' campaigns and creatives (`/ads/campaigns`), creators' opt-in per video (`PUT /ads/videos/{id}/settings`),
/// the ad decision (`GET /ads/video/{video_id}`: JSON, or VAST 4 XML), the signed impression and click URLs, and the
/// ads analytics. Decision and tracking: <c>AdsEndpoints.Serving.cs</c>.
/// </summary>
public static partial class AdsEndpoints
{
    public static IEndpointRouteBuilder MapAdsEndpoints(this IEndpointRouteBuilder routes)
    {
        var ads = routes.MapGroup("/ads").WithTags("Ads");
        ads.MapPost("/campaigns", Create);
        ads.MapGet("/campaigns", List);
        ads.MapGet("/campaigns/{id:guid}", Get).ProducesProblem(StatusCodes.Status404NotFound);
        ads.MapPatch("/campaigns/{id:guid}", Update).ProducesProblem(StatusCodes.Status404NotFound);
        ads.MapPost("/campaigns/{id:guid}/creatives", AddCreative).ProducesProblem(StatusCodes.Status404NotFound);
        ads.MapGet("/campaigns/{id:guid}/creatives/{creativeId:guid}/image", GetCreativeImage).AllowAnonymous()
            .ProducesFile("image/jpeg", "image/png", "image/webp", "image/gif").Produces(StatusCodes.Status304NotModified);
        ads.MapPut("/videos/{id:guid}/settings", SetVideo).ProducesProblem(StatusCodes.Status404NotFound);
        ads.MapGet("/video/{videoId:guid}", Decide).ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<AdResponse>(StatusCodes.Status200OK, "application/json", "application/xml").Produces(StatusCodes.Status204NoContent);
        // GET too: VAST players fire their Impression and ClickTracking URLs as GET pixels, never POST.
        ads.MapPost("/impression", Impression).AllowAnonymous();
        ads.MapGet("/impression", Impression).AllowAnonymous();
        ads.MapPost("/click", Click).AllowAnonymous();
        ads.MapGet("/click", Click).AllowAnonymous();
        ads.MapGet("/analytics", Analytics).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Created<CampaignResponse>> Create(CampaignRequest request, IGrainFactory grains, TimeProvider clock, ClaimsPrincipal user)
    {
        var id = Guid.CreateVersion7();
        var campaign = await grains.Ref<IAdCampaignGrain>(id).CreateAsync(user.UserId(), request.ToSpec(clock.GetUtcNow()));
        return TypedResults.Created($"/api/v1/ads/campaigns/{id}", CampaignResponse.From(campaign));
    }

    public static async Task<Results<Ok<ItemsResponse<CampaignResponse>>, ProblemHttpResult>> List([AsParameters] PageRequest paging, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (!paging.TryRead(out var page, out var problem)) return problem;
        var result = await grains.Ref<IAdDirectoryGrain>(0).CampaignsAsync(user.UserId(), page.After, page.Size);
        return TypedResults.Ok(ItemsResponse.Of([.. result.Items.Select(CampaignResponse.From)], result.Next));
    }

    public static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> Get(Guid id, IGrainFactory grains, ClaimsPrincipal user) =>
        await grains.Ref<IAdCampaignGrain>(id).GetAsync(user.UserId()) is { } campaign
            ? TypedResults.Ok(CampaignResponse.From(campaign))
            : Problems.NotFound("campaign");

    public static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> Update(Guid id, CampaignPatchRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var result = await grains.Ref<IAdCampaignGrain>(id).UpdateAsync(user.UserId(), request.ToChanges());
        return result.Outcome switch
        {
            CampaignOutcome.Done => TypedResults.Ok(CampaignResponse.From(result.Campaign!)),
            CampaignOutcome.Invalid => Problems.Result(400, "invalid_campaign", result.Error!),
            _ => Problems.NotFound("campaign"),
        };
    }

    public static async Task<Results<Created<CreativeResponse>, ProblemHttpResult>> AddCreative(Guid id, CreativeRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var result = await grains.Ref<IAdCampaignGrain>(id).AddCreativeAsync(user.UserId(), new CreativeSpec(request.VideoId, request.ClickUrl!, request.ImageId));
        return result.Outcome switch
        {
            CampaignOutcome.Done => TypedResults.Created($"/api/v1/ads/campaigns/{id}", CreativeResponse.From(result.Creative!)),
            CampaignOutcome.Invalid => Problems.Result(400, "invalid_creative", result.Error!),
            _ => Problems.NotFound("campaign"),
        };
    }

    public static async Task<Results<Ok<AdVideoSettingsResponse>, ProblemHttpResult>> SetVideo(Guid id, AdVideoSettingsRequest request, IGrainFactory grains, ClaimsPrincipal user) =>
        await grains.Ref<IAdVideoGrain>(id).SetEnabledAsync(user.UserId(), request.Enabled!.Value)
            ? TypedResults.Ok(new AdVideoSettingsResponse(id, request.Enabled!.Value))
            : Problems.NotFound("video");
}
