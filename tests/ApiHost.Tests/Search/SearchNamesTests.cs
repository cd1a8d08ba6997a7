using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Moderation;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Social;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.ApiHost.Tests.Search;

/// <summary>Accounts and hashtags: `type=user`, `type=hashtag`, their seed routes, and the typeahead.</summary>
[Collection(ApiCollection.Name)]
public sealed class SearchNamesTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Accounts_ByNamePrefixAndNearMiss_NeverSuspendedBlockedOrLimitedForStrangers()
    {
        var marker = "Nm" + Guid.NewGuid().ToString("N")[..8];
        var (target, t) = await _client.SignUpAsync();
        var (viewer, v) = await _client.SignUpAsync();
        var (follower, f) = await _client.SignUpAsync();
        await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { display_name = $"Ada {marker}" }, t.AccessToken);
        await api.Grains.Ref<ISocialGraphGrain>(target.Id).FollowAsync(follower.Id);

        var exact = await UsersAsync($"/api/v1/search?type=user&q={target.Username.ToUpperInvariant()}", v.AccessToken);
        Assert.Equal(target.Id, exact[0].GetProperty("id").GetGuid());
        Assert.Contains(await UsersAsync($"/api/v1/search/users?q={marker.ToLowerInvariant()}", null), u => Id(u) == target.Id);
        var typo = target.Username[..^1] + (target.Username[^1] == 'x' ? 'y' : 'x');
        Assert.Contains(await UsersAsync($"/api/v1/search/users?q={typo}&limit=100", null), u => Id(u) == target.Id);

        await api.Grains.Ref<ISocialGraphGrain>(viewer.Id).BlockAsync(target.Id);
        Assert.DoesNotContain(await UsersAsync($"/api/v1/search/users?q={marker}", v.AccessToken), u => Id(u) == target.Id);
        var moderator = ContentModerationApi.Moderator(Guid.NewGuid());
        await api.Grains.Ref<IUserGrain>(target.Id).SanctionAsync(AccountAction.Limit, DateTimeOffset.UtcNow.AddDays(1), moderator, "spam");
        Assert.DoesNotContain(await UsersAsync($"/api/v1/search/users?q={marker}", null), u => Id(u) == target.Id);
        Assert.Contains(await UsersAsync($"/api/v1/search/users?q={marker}", f.AccessToken), u => Id(u) == target.Id);
        await api.Grains.Ref<IUserGrain>(target.Id).SanctionAsync(AccountAction.Suspend, DateTimeOffset.UtcNow.AddDays(1), moderator, "spam");
        Assert.DoesNotContain(await UsersAsync($"/api/v1/search/users?q={marker}", f.AccessToken), u => Id(u) == target.Id);
    }

    [Fact]
    public async Task Hashtags_ByPrefix_MostUsedFirst_CountingOnlyFindablePosts()
    {
        var prefix = "ht" + Guid.NewGuid().ToString("N")[..8];
        var (_, a) = await _client.SignUpAsync();
        var popular = new List<Guid>();
        for (var i = 0; i < 3; i++) popular.Add((await _client.CreatePostAsync(a.AccessToken, $"#{prefix}big number {i}")).GetProperty("id").GetGuid());
        await _client.CreatePostAsync(a.AccessToken, $"#{prefix}small once");
        await _client.CreatePostAsync(a.AccessToken, $"#{prefix}hidden only for me", "private");

        var tags = await Eventually.ValueAsync(() => TagsAsync($"/api/v1/search/hashtags?q=%23{prefix}"), t => t.Count == 2 && t[0].Uses == 3, TimeSpan.FromSeconds(10));
        Assert.Equal([($"{prefix}big", 3), ($"{prefix}small", 1)], tags);
        Assert.Equal(tags, await TagsAsync($"/api/v1/search?type=hashtag&q={prefix.ToUpperInvariant()}"));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/posts/{popular[0]}", null, a.AccessToken)).StatusCode);
        await Eventually.ValueAsync(() => TagsAsync($"/api/v1/search/hashtags?q={prefix}"), t => t.Count == 2 && t[0].Uses == 2, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Suggest_OffersAccountsAndHashtags_AnAtOrHashAsksForOneKind()
    {
        var prefix = "sg" + Guid.NewGuid().ToString("N")[..8];
        var (user, tokens) = await _client.SignUpAsync();
        await _client.CreatePostAsync(tokens.AccessToken, $"#{prefix}tag");
        await Eventually.ValueAsync(() => TagsAsync($"/api/v1/search/hashtags?q={prefix}"), t => t.Count == 1, TimeSpan.FromSeconds(10));

        var both = await _client.OkJsonAsync($"/api/v1/search/suggest?q={prefix}", null);
        Assert.Equal([$"{prefix}tag"], both.GetProperty("hashtags").EnumerateArray().Select(h => h.GetProperty("tag").GetString()));
        var people = await _client.OkJsonAsync($"/api/v1/search/suggest?q=%40{user.Username[..^2]}&limit=10", null);
        Assert.Contains(people.GetProperty("users").EnumerateArray(), u => Id(u) == user.Id);
        Assert.Empty(people.GetProperty("hashtags").EnumerateArray());
        var hashtags = await _client.OkJsonAsync($"/api/v1/search/suggest?q=%23{prefix}", null);
        Assert.Empty(hashtags.GetProperty("users").EnumerateArray());
        Assert.Single(hashtags.GetProperty("hashtags").EnumerateArray());

        foreach (var bad in new[] { "q=", "q=%20", $"q={prefix}&limit=11", $"q={prefix}&limit=0" })
        {
            await (await _client.GetAsync($"/api/v1/search/suggest?{bad}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }
    }

    private async Task<List<JsonElement>> UsersAsync(string url, string? token) =>
        [.. (await _client.OkJsonAsync(url, token)).GetProperty("items").EnumerateArray()];

    private async Task<List<(string Tag, int Uses)>> TagsAsync(string url) =>
        [.. (await _client.OkJsonAsync(url, null)).GetProperty("items").EnumerateArray().Select(h => (h.GetProperty("tag").GetString()!, h.GetProperty("uses").GetInt32()))];

    private static Guid Id(JsonElement user) => user.GetProperty("id").GetGuid();
}
