using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Paging;

/// <summary>
/// One paging contract for every list route (<see cref="ListRoutes"/>): `limit` is an integer from 1 to 100, else 400
/// `invalid_limit`; a cursor the API did not hand out, or one edited by a byte, is 400 `invalid_cursor`; and walking
/// the route two items at a time yields each item once, ending with `next_cursor: null`.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ListRoutesPagingTests(ApiFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    public static TheoryData<string> Routes => [.. ListRoutes.Names];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ListRoute_BadLimitOrCursor_Is400_AndPagingReturnsEachItemOnce(string route)
    {
        var list = await new ListRoutes(fixture).SeedAsync(route);

        foreach (var limit in new[] { "0", "-1", "101", "abc" })
        {
            await (await GetAsync(list, $"limit={limit}")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_limit");
        }

        var first = await PageAsync(list, "limit=2");
        var cursor = first.GetProperty("next_cursor").GetString();
        Assert.False(string.IsNullOrEmpty(cursor), $"{route}: {ListRoutes.Count} items but no second page");
        await (await GetAsync(list, "cursor=not-a-cursor")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await GetAsync(list, $"cursor={Uri.EscapeDataString(Tampered(cursor!))}")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");

        var seen = new List<Guid>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await PageAsync(list, "limit=2" + (next is null ? "" : $"&cursor={Uri.EscapeDataString(next)}"));
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 2, $"{route}: {items.Count} items on a page of 2");
            seen.AddRange(items.Select(list.Key));
            next = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
            Assert.True(++pages < 100, $"{route}: paging does not end");
        } while (next is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(list.Seeded, id => Assert.Single(seen, id));
    }

    /// <summary>The cursor with one character (so at least one byte) changed, still in the base64url alphabet.</summary>
    private static string Tampered(string cursor)
    {
        var chars = cursor.ToCharArray();
        var at = chars.Length / 2;
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    /// <summary>A route seeded with a filter of its own (admin_content's author) already has a query.</summary>
    private Task<HttpResponseMessage> GetAsync(SeededList list, string query) =>
        _client.GetAsync($"{list.Url}{(list.Url.Contains('?') ? '&' : '?')}{query}", list.Token);

    private async Task<JsonElement> PageAsync(SeededList list, string query)
    {
        var response = await GetAsync(list, query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {list.Url}?{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }
}
