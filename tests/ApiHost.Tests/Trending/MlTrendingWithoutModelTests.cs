using System.Text.Json;
using System.Text.Json.Nodes;
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
        var trending = await ItemsAsync("/api/v1/trending/posts?window=1h&limit=100", fan.AccessToken);
        var ml = await ItemsAsync("/api/v1/ml/trending?type=post&window=1h&limit=100", fan.AccessToken);

        // The same items in the same order with the same fields; scores only as equal as two reads a moment apart (they decay).
        Assert.Equal(trending.Select(WithoutScore), ml.Select(WithoutScore));
        Assert.All(trending.Zip(ml), p => Assert.Equal(p.First.GetProperty("score").GetDouble(), p.Second.GetProperty("score").GetDouble(), 0.1));
        Assert.All(ml, i => Assert.False(i.TryGetProperty("predicted", out _)));
    }

    private async Task<List<JsonElement>> ItemsAsync(string url, string bearer) =>
        [.. (await _client.OkJsonAsync(url, bearer)).GetProperty("items").EnumerateArray()];

    private static string WithoutScore(JsonElement item)
    {
        var node = JsonNode.Parse(item.GetRawText())!.AsObject();
        node.Remove("score");
        return node.ToJsonString();
    }
}
