using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialFlow.ApiHost.Auth;
using SocialFlow.ApiHost.Contracts;
using SocialFlow.ApiHost.Validation;
using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Search;

namespace SocialFlow.ApiHost.Endpoints;

/// <summary>
/// `GET /search?q=&amp;type=post&amp;sort=relevance|newest&amp;from=&amp;to=&amp;author=` for anyone (signed-in viewers also
/// find what only they may see): words, "phrases", -excluded, OR, #hashtag, @username; and the seed's
/// `GET /search/content` over it. A query that is empty, blank or over 256 characters, or a type, sort or time that
/// cannot be read, is 400 `validation_failed`.
/// </summary>
public static class SearchEndpoints
{
    private static readonly string[] Types = ["post"];
    private static readonly string[] Sorts = ["relevance", "newest"];

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder routes)
    {
        var search = routes.MapGroup("/search").WithTags("Search").AllowAnonymous();
        search.MapGet("", Search);
        search.MapGet("/content", Search);
        return routes;
    }

    public static async Task<Results<Ok<ItemsResponse<SearchHitResponse>>, ValidationProblem, ProblemHttpResult>> Search(
        [AsParameters] PageRequest page, [FromQuery] string? q, [FromQuery] string? type, [FromQuery] string? sort, [FromQuery] string? from,
        [FromQuery] string? to, [FromQuery] string? author, IGrainFactory grains, ClaimsPrincipal user)
    {
        var errors = new FieldErrors();
        if (!SearchQuery.TryParse(q, out var parsed, out var why)) errors.Add("q", why!);
        if (type is not null) errors.OneOf("type", type, Types);
        if (sort is not null) errors.OneOf("sort", sort, Sorts);
        var (since, until) = (Time(errors, "from", from), Time(errors, "to", to));
        if (author is not null) errors.Username("author", author);
        if (errors.Any) return errors.ToProblem();
        if (!page.TryRead(out var paging, out var bad)) return bad;
        if (author is not null && !parsed.Usernames.Contains(author.ToLowerInvariant())) parsed.Usernames.Add(author.ToLowerInvariant());
        var request = new SearchRequest(parsed.Text, parsed.Hashtags, parsed.Usernames, SearchType.Post,
            sort == "newest" ? SearchSort.Newest : SearchSort.Relevance, since, until);
        var found = await grains.Ref<ISearchGrain>(0).SearchAsync(request, user.ViewerId(), paging.After, paging.Size);
        return TypedResults.Ok(ItemsResponse.Of([.. found.Items.Select(SearchHitResponse.From)], found.Next));
    }

    private static DateTimeOffset? Time(FieldErrors errors, string field, string? value)
    {
        if (value is null) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        errors.Add(field, "must be an ISO 8601 time");
        return null;
    }
}
