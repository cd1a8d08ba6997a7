using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.ApiHost.Tests.Recommendations;
using static SocialFlow.ApiHost.Tests.Trending.TrendingApi;

namespace SocialFlow.ApiHost.Tests.Trending;

/// <summary>
/// For-you's trending candidates come with the trending reader's facts, the same for everyone; the candidates' statement
/// still checks each one against the viewer.
/// </summary>
[Collection(TrendingCollection.Name)]
public sealed class ForYouTrendingTests(TrendingFixture api)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task TrendingItems_AreRecommendedAsTrending_ExceptTheViewersOwn_Liked_Bookmarked_BlockedMutedAndNotInterested()
    {
        var (_, v) = await _client.SignUpAsync();
        var (_, open) = await _client.SignUpAsync();
        var (blocked, b) = await _client.SignUpAsync();
        var (muted, m) = await _client.SignUpAsync();
        var (_, dull) = await _client.SignUpAsync();
        var shown = await PostAsync(open.AccessToken);
        var liked = await PostAsync(open.AccessToken);
        var bookmarked = await PostAsync(open.AccessToken);
        var own = await PostAsync(v.AccessToken);
        var ofBlocked = await PostAsync(b.AccessToken);
        var ofMuted = await PostAsync(m.AccessToken);
        var dismissed = await PostAsync(dull.AccessToken);
        var ofDismissedAuthor = await PostAsync(dull.AccessToken);
        Guid[] all = [shown, liked, bookmarked, own, ofBlocked, ofMuted, dismissed, ofDismissedAuthor];
        for (var fan = 0; fan < 3; fan++)
        {
            var token = (await _client.SignUpAsync()).Tokens.AccessToken;
            foreach (var post in all) await Ok(_client.PostJsonAsync($"/api/v1/posts/{post}/like", new { }, token));
        }
        await Eventually.ValueAsync(() => _client.TrendingIdsAsync("posts", window: "24h"), ids => all.All(ids.Contains), Within);

        await Ok(_client.PostJsonAsync($"/api/v1/posts/{liked}/like", new { }, v.AccessToken));
        await Ok(_client.SendJsonAsync(HttpMethod.Post, $"/api/v1/bookmarks/{bookmarked}", null, v.AccessToken));
        await Ok(_client.SendJsonAsync(HttpMethod.Post, $"/api/v1/users/{blocked.Username}/block", null, v.AccessToken));
        await Ok(_client.SendJsonAsync(HttpMethod.Post, $"/api/v1/users/{muted.Username}/mute", null, v.AccessToken));
        await Ok(_client.FeedbackAsync(v.AccessToken, dismissed, "not_interested"));

        var page = await _client.AllForYouAsync(v.AccessToken);

        var item = Assert.Single(page, i => i.Id() == shown);
        Assert.Equal("trending", item.GetProperty("source").GetString());
        var ids = page.Select(i => i.Id()).ToList();
        Assert.All(new[] { liked, bookmarked, own, ofBlocked, ofMuted, dismissed, ofDismissedAuthor }, id => Assert.DoesNotContain(id, ids));
    }

    private async Task<Guid> PostAsync(string token) =>
        (await _client.CreatePostAsync(token, "for-you trending " + Guid.NewGuid().ToString("N")[..8])).GetProperty("id").GetGuid();
}
