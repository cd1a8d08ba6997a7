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
/// Search for anyone (signed-in viewers also find what only they may see). `GET /search?q=&amp;type=post|video|live|user|hashtag&amp;
/// sort=relevance|newest|views|likes&amp;from=&amp;to=&amp;author=&amp;min_duration=&amp;max_duration=`: posts, videos and streams on
/// air by words, "phrases", -excluded, OR, #hashtag, @username; accounts by name; hashtags by prefix. The seed's shapes over it:
/// `/search/content`, `/search/users`, `/search/hashtags`, `/videos/search`; and `/search/suggest?q=` for a search box. A query that is empty, blank or over 256 characters, or a type, sort or time
/// that cannot be read, is 400 `validation_failed`.
/// </summary>
public static class SearchEndpoints
{
    public const int MaxSuggestions = 10;
    private static readonly string[] Types = ["post", "video", "live", "user", "hashtag"];
    private static readonly string[] Sorts = ["relevance", "newest", "views", "likes"];

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder routes)
    {
        // 422 search_too_broad: a statement ran past SocialFlow:Search:StatementTimeout (ApiExceptionHandler).
        var search = routes.MapGroup("/search").WithTags("Search").AllowAnonymous().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        search.MapGet("", Search);
        search.MapGet("/content", Search);
        search.MapGet("/users", ([AsParameters] PageRequest page, [FromQuery] string? q, IGrainFactory grains, ClaimsPrincipal user) =>
            Search(page, q, "user", null, null, null, null, null, null, grains, user));
        search.MapGet("/hashtags", ([AsParameters] PageRequest page, [FromQuery] string? q, IGrainFactory grains, ClaimsPrincipal user) =>
            Search(page, q, "hashtag", null, null, null, null, null, null, grains, user));
        search.MapGet("/suggest", Suggest);
        routes.MapGet("/videos/search", ([AsParameters] PageRequest page, [FromQuery] string? q, [FromQuery] string? sort, [FromQuery] string? from,
                [FromQuery] string? to, [FromQuery] string? author, [FromQuery(Name = "min_duration")] string? minDuration,
                [FromQuery(Name = "max_duration")] string? maxDuration, IGrainFactory grains, ClaimsPrincipal user) =>
            Search(page, q, "video", sort, from, to, author, minDuration, maxDuration, grains, user)).WithTags("Search", "Videos").AllowAnonymous()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return routes;
    }

    public static async Task<Results<Ok<ItemsResponse<SearchItemResponse>>, ValidationProblem, ProblemHttpResult>> Search(
        [AsParameters] PageRequest page, [FromQuery] string? q, [FromQuery] string? type, [FromQuery] string? sort, [FromQuery] string? from,
        [FromQuery] string? to, [FromQuery] string? author, [FromQuery(Name = "min_duration")] string? minDuration,
        [FromQuery(Name = "max_duration")] string? maxDuration, IGrainFactory grains, ClaimsPrincipal user)
    {
        var errors = new FieldErrors();
        if (!SearchQuery.TryParse(q, out var parsed, out var why)) errors.Add("q", why!);
        if (type is not null) errors.OneOf("type", type, Types);
        if (sort is not null) errors.OneOf("sort", sort, Sorts);
        var (since, until) = (Time(errors, "from", from), Time(errors, "to", to));
        if (author is not null) errors.Username("author", author);
        var (shortest, longest) = (Seconds(errors, "min_duration", minDuration), Seconds(errors, "max_duration", maxDuration));
        if (errors.Any) return errors.ToProblem();
        if (!page.TryRead(out var paging, out var bad)) return bad;
        var search = grains.Ref<ISearchGrain>(0);
        switch (type)
        {
            case "user":
                var accounts = await search.AccountsAsync(q!, user.ViewerId(), paging.After, paging.Size);
                return TypedResults.Ok(ItemsResponse.Of([.. accounts.Items.Select(SearchItemResponse.From)], accounts.Next));
            case "hashtag":
                var tags = await search.HashtagsAsync(q!.Trim().TrimStart('#').ToLowerInvariant(), paging.After, paging.Size);
                return TypedResults.Ok(ItemsResponse.Of([.. tags.Items.Select(SearchItemResponse.From)], tags.Next));
        }
        if (author is not null && !parsed.Usernames.Contains(author.ToLowerInvariant())) parsed.Usernames.Add(author.ToLowerInvariant());
        var request = new SearchRequest(parsed.Text, parsed.Hashtags, parsed.Usernames, type switch { "video" => SearchType.Video, "live" => SearchType.Live, _ => SearchType.Post },
            sort switch { "newest" => SearchSort.Newest, "views" => SearchSort.Views, "likes" => SearchSort.Likes, _ => SearchSort.Relevance },
            since, until, shortest, longest);
        var found = await search.SearchAsync(request, user.ViewerId(), paging.After, paging.Size);
        return TypedResults.Ok(ItemsResponse.Of([.. found.Items.Select(SearchItemResponse.From)], found.Next));
    }

    /// <summary>`GET /search/suggest?q=&amp;limit=` (at most 10 of each, 5 by default): accounts and hashtags for what is typed so far.</summary>
    public static async Task<Results<Ok<SuggestionsResponse>, ValidationProblem>> Suggest(
        [FromQuery] string? q, [FromQuery] int? limit, IGrainFactory grains, ClaimsPrincipal user)
    {
        var errors = new FieldErrors();
        if (!SearchQuery.TryParse(q, out _, out var why)) errors.Add("q", why!);
        if (limit is < 1 or > MaxSuggestions) errors.Add("limit", $"must be from 1 to {MaxSuggestions}");
        if (errors.Any) return errors.ToProblem();
        var found = await grains.Ref<ISearchGrain>(0).SuggestAsync(q!, user.ViewerId(), limit ?? 5);
        return TypedResults.Ok(new SuggestionsResponse([.. found.Users.Select(UserHitResponse.From)], [.. found.Hashtags.Select(HashtagHitResponse.From)]));
    }

    private static double? Seconds(FieldErrors errors, string field, string? value)
    {
        if (value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && double.IsFinite(s)) return s;
        errors.Add(field, "must be a number of seconds, 0 or more");
        return null;
    }

    private static DateTimeOffset? Time(FieldErrors errors, string field, string? value)
    {
        if (value is null) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        errors.Add(field, "must be an ISO 8601 time");
        return null;
    }
}
