using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialFlow.ApiHost.Hosting;
using SocialFlow.Grains.Interfaces.Paging;

namespace SocialFlow.ApiHost.Contracts;

/// <summary>
/// <c>?limit=</c> (an integer from 1 to 100, 20 when absent) and <c>?cursor=</c> (the <c>next_cursor</c> of the previous
/// page), bound with <c>[AsParameters]</c> by every list route. The limit is bound as text so that <c>limit=abc</c> gets the
/// same <c>invalid_limit</c> problem as <c>limit=0</c> rather than the framework's bare binding failure.
/// </summary>
public sealed record PageRequest([FromQuery(Name = "limit")] string? Limit, [FromQuery(Name = "cursor")] string? Cursor)
{
    /// <summary>The decoded page, or the 400 problem to answer: checked here, before any grain call, so no grain ever
    /// parses client input. Not an endpoint filter: a filter moves a route onto the slower boxed-arguments path.</summary>
    public bool TryRead(out Page page, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        page = default;
        var size = PageLimit.Default;
        if (!string.IsNullOrEmpty(Limit)
            && !(int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= PageLimit.Max))
        {
            problem = Problems.Result(400, "invalid_limit", $"limit must be an integer from 1 to {PageLimit.Max}.");
            return false;
        }
        PageCursor? after = null;
        if (!string.IsNullOrEmpty(Cursor) && !PageCursorCodec.TryDecode(Cursor, out after))
        {
            problem = Problems.Result(400, "invalid_cursor", "The cursor is not one this API returned.");
            return false;
        }
        page = new Page(after, size);
        problem = null;
        return true;
    }
}

/// <summary>A checked page request: resume after <see cref="After"/> (null: from the start), at most <see cref="Size"/> items.</summary>
public readonly record struct Page(PageCursor? After, int Size);

/// <summary>Every list answers <c>{ "items": [...], "next_cursor": "…" | null }</c>.</summary>
public sealed record ItemsResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class ItemsResponse
{
    /// <summary>A page of a list, its position encoded as the opaque <c>next_cursor</c>.</summary>
    public static ItemsResponse<T> Of<T>(IReadOnlyList<T> items, PageCursor? next) => new(items, PageCursorCodec.Encode(next));
}
