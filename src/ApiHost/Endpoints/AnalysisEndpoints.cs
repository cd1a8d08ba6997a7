using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Analysis;
using SocialFlow.Grains.Interfaces.Throttling;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Content analysis: `POST /ml/analyze {text}` (signed in) answers language, sentiment, toxicity and spam from the
/// silo's models; 400 for empty or over-long text, 429 beyond `SocialFlow:Analysis:AnalyzePerMinute` per account.
/// </summary>
public static class AnalysisEndpoints
{
    public static IEndpointRouteBuilder MapAnalysisEndpoints(this IEndpointRouteBuilder routes)
    {
        var ml = routes.MapGroup("/ml").WithTags("Analysis");
        ml.MapPost("/analyze", Analyze).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return routes;
    }

    public static async Task<Results<Ok<AnalyzeResponse>, ProblemHttpResult>> Analyze(
        AnalyzeRequest request, IGrainFactory grains, ClaimsPrincipal user, IOptions<AnalysisLimits> limits)
    {
        var perMinute = limits.Value.AnalyzePerMinute;
        if (await grains.Ref<IThrottleGrain>($"analyze:{user.UserId()}").TryAcquireAsync(perMinute, TimeSpan.FromMinutes(1)) is { Allowed: false } limited)
        {
            return Problems.Result(StatusCodes.Status429TooManyRequests, "rate_limited", $"At most {perMinute} analyses a minute.", limited.RetryAfter);
        }
        return TypedResults.Ok(AnalyzeResponse.From(await grains.Ref<ITextAnalysisGrain>(0).AnalyzeAsync(request.Text!)));
    }
}
