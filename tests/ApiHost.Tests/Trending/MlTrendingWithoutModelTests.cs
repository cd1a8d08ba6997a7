using SocialFlow.ApiHost.Tests.Moderation;
using SocialFlow.ApiHost.Tests.Posts;
using SocialFlow.Grains.Interfaces.Trending;

namespace SocialFlow.ApiHost.Tests.Trending;

/// <summary>`GET /ml/trending` before any viral model exists (the trending profile never publishes one): trending as it is.</summary>
[Collection(TrendingCollection.Name)]
public sealed class MlTrendingWithoutModelTests(TrendingFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task NoModel_MlTrending_EqualsTrending()
    {
        var (_, a) = await _client.SignUpAsync();
        var post = (await _client.CreatePostAsync(a.AccessToken, "no model yet")).GetProperty("id").GetGuid();
        var (_, fan) = await _client.SignUpAsync();
        var liked = await _client.PostJsonAsync($"/api/v1/posts/{post}/like", new { }, fan.AccessToken);
        Assert.True(liked.IsSuccessStatusCode);
        await Eventually.ValueAsync(() => _client.TrendingIdsAsync("posts"), ids => ids.Contains(post), TimeSpan.FromSeconds(15));

        Assert.Equal(0, await api.Grains.Ref<IViralGrain>(0).PredictAsync()); // nothing is scored without a model
        Assert.Empty(await api.Grains.Ref<IViralGrain>(0).RisersAsync(TrendingKind.Post));
        var trending = (await _client.OkJsonAsync("/api/v1/trending/posts?window=1h&limit=100", fan.AccessToken)).GetRawText();
        var ml = (await _client.OkJsonAsync("/api/v1/ml/trending?type=post&window=1h&limit=100", fan.AccessToken)).GetRawText();
        Assert.Equal(trending, ml);
        Assert.DoesNotContain("predicted", ml);
    }
}
