using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Trending;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// Trends, for anyone: `GET /trending/videos|posts|hashtags?window=1h|24h|7d&amp;locale=&amp;limit=` (window 24h by
/// default; limit 1 to 100, 20 by default), and the seed's `/search/trending` and `/ml/trending` with `type=video|post|hashtag`
/// over them; `/ml/trending` merges in the viral model's predicted risers (`predicted: true` and their `probability`;
/// with no model it answers what `/search/trending` does). `locale` is checked (a language tag) and accepted, but filters nothing yet: neither items nor the
/// accounts' columns carry a language. Admins: `POST /admin/trends/{kind}/{id}/hide` and `/unhide` (kind video, post or
/// hashtag), idempotent, audited.
/// </summary>
public static partial class TrendingEndpoints
{
    private static readonly string[] Windows = [.. TrendingWindow.All.Select(w => w.Name)];
    private static readonly string[] Types = ["video", "post", "hashtag"];

    public static IEndpointRouteBuilder MapTrendingEndpoints(this IEndpointRouteBuilder routes)
    {
        var trending = routes.MapGroup("/trending").WithTags("Trending").AllowAnonymous();
        trending.MapGet("/videos", ([FromQuery] string? window, [FromQuery] string? locale, [FromQuery] string? limit, IGrainFactory grains, ClaimsPrincipal user) =>
            Trending(TrendingKind.Video, window, locale, limit, grains, user));
        trending.MapGet("/posts", ([FromQuery] string? window, [FromQuery] string? locale, [FromQuery] string? limit, IGrainFactory grains, ClaimsPrincipal user) =>
            Trending(TrendingKind.Post, window, locale, limit, grains, user));
        trending.MapGet("/hashtags", ([FromQuery] string? window, [FromQuery] string? locale, [FromQuery] string? limit, IGrainFactory grains, ClaimsPrincipal user) =>
            Trending(TrendingKind.Hashtag, window, locale, limit, grains, user));
        routes.MapGet("/search/trending", ByType).WithTags("Search", "Trending").AllowAnonymous();
        routes.MapGet("/ml/trending", WithRisers).WithTags("Trending").AllowAnonymous();

        var admin = routes.MapGroup("/admin/trends/{kind}/{id}").WithTags("Admin", "Trending").RequireAuthorization(p => p.RequireRole(AccountRoles.Admin));
        admin.MapPost("/hide", (string kind, string id, [FromBody] TrendHideRequest? request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http) =>
            SetHidden(kind, id, true, request, grains, user, http));
        admin.MapPost("/unhide", (string kind, string id, [FromBody] TrendHideRequest? request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http) =>
            SetHidden(kind, id, false, request, grains, user, http));
        return routes;
    }

    /// <summary>The seed's shape: `?type=video|post|hashtag` (video by default) and the same window, locale and limit.</summary>
    public static Task<Results<Ok<ItemsResponse<TrendingItemResponse>>, ValidationProblem, ProblemHttpResult>> ByType(
        [FromQuery] string? type, [FromQuery] string? window, [FromQuery] string? locale, [FromQuery] string? limit, IGrainFactory grains, ClaimsPrincipal user) =>
        OfType(type, window, locale, limit, grains, user, risers: false);

    /// <summary>`/ml/trending`: <see cref="ByType"/> with the viral model's predicted risers of videos and posts merged in.</summary>
    public static Task<Results<Ok<ItemsResponse<TrendingItemResponse>>, ValidationProblem, ProblemHttpResult>> WithRisers(
        [FromQuery] string? type, [FromQuery] string? window, [FromQuery] string? locale, [FromQuery] string? limit, IGrainFactory grains, ClaimsPrincipal user) =>
        OfType(type, window, locale, limit, grains, user, risers: true);

    private static Task<Results<Ok<ItemsResponse<TrendingItemResponse>>, ValidationProblem, ProblemHttpResult>> OfType(
        string? type, string? window, string? locale, string? limit, IGrainFactory grains, ClaimsPrincipal user, bool risers)
    {
        if (type is not null && !Types.Contains(type))
        {
            var errors = new FieldErrors();
            errors.OneOf("type", type, Types);
            return Task.FromResult<Results<Ok<ItemsResponse<TrendingItemResponse>>, ValidationProblem, ProblemHttpResult>>(errors.ToProblem());
        }
        var kind = type switch { "post" => TrendingKind.Post, "hashtag" => TrendingKind.Hashtag, _ => TrendingKind.Video };
        return Trending(kind, window, locale, limit, grains, user, risers);
    }

    public static async Task<Results<Ok<ItemsResponse<TrendingItemResponse>>, ValidationProblem, ProblemHttpResult>> Trending(
        TrendingKind kind, string? window, string? locale, string? limit, IGrainFactory grains, ClaimsPrincipal user, bool risers = false)
    {
        var errors = new FieldErrors();
        var name = window ?? TrendingWindow.Day.Name;
        errors.OneOf("window", name, Windows);
        if (locale is not null && !LocalePattern().IsMatch(locale)) errors.Add("locale", "must be a language tag such as en or pt-BR");
        if (errors.Any) return errors.ToProblem();
        var size = PageLimit.Default;
        if (!string.IsNullOrEmpty(limit) && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= PageLimit.Max))
        {
            return Problems.Result(400, "invalid_limit", $"limit must be an integer from 1 to {PageLimit.Max}.");
        }
        var trends = grains.Ref<ITrendingGrain>(0);
        List<TrendingItemResponse> items = kind == TrendingKind.Hashtag
            ? [.. (await trends.HashtagsAsync(name, size)).Select(TrendingItemResponse.From)]
            : risers ? [.. (await trends.WithRisersAsync(kind, name, user.ViewerId(), size)).Select(TrendingItemResponse.From)]
            : [.. (await trends.ItemsAsync(kind, name, user.ViewerId(), size)).Select(TrendingItemResponse.From)];
        return TypedResults.Ok(ItemsResponse.Of(items, null));
    }

    public static async Task<Results<Ok<TrendHideResponse>, ValidationProblem>> SetHidden(
        string kind, string id, bool hidden, TrendHideRequest? request, IGrainFactory grains, ClaimsPrincipal user, HttpContext http)
    {
        var errors = new FieldErrors();
        errors.OneOf("kind", kind, Types);
        var trendKind = kind switch { "video" => TrendingKind.Video, "post" => TrendingKind.Post, _ => TrendingKind.Hashtag };
        if (!errors.Any && trendKind != TrendingKind.Hashtag && !Guid.TryParse(id, out _)) errors.Add("id", "must be the video's or post's id");
        if (!errors.Any && trendKind == TrendingKind.Hashtag && !HashtagPattern().IsMatch(id)) errors.Add("id", "must be a hashtag (letters, digits, '_')");
        if (errors.Any) return errors.ToProblem();
        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? null : request.Reason.Trim();
        var changed = await grains.Ref<ITrendingGrain>(0).SetHiddenAsync(trendKind, id, hidden, new AuditActor(user.UserId(), http.TraceIdentifier), reason);
        var shown = trendKind == TrendingKind.Hashtag ? id.TrimStart('#').ToLowerInvariant() : Guid.Parse(id).ToString();
        return TypedResults.Ok(new TrendHideResponse(kind, shown, hidden, changed));
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex LocalePattern();

    [GeneratedRegex(@"^#?[\p{L}\p{N}_]{1,100}$")]
    private static partial Regex HashtagPattern();
}
