using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Analysis;

/// <summary>`POST /ml/analyze`: the silo's models answer for a signed-in caller; bad text is a 400 problem.</summary>
[Collection(ApiCollection.Name)]
public sealed class AnalyzeTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Analyze_TextOfEachKind_AnswersLanguageSentimentAndScores()
    {
        var me = await api.Factory.UserAsync(api.Database.ConnectionString);

        var kind = await AnalyzeAsync(me.Token, "what a wonderful video, I love the editing");
        var rude = await AnalyzeAsync(me.Token, "shut up you stupid asshole");
        var spam = await AnalyzeAsync(me.Token, "FREE MONEY click here http://win-cash.example/now");
        var french = await AnalyzeAsync(me.Token, "J'adore cette vidéo, la musique est magnifique et la fin est très belle");

        Assert.Equal(("en", "positive"), (kind.GetProperty("language").GetString(), kind.GetProperty("sentiment").GetProperty("label").GetString()));
        Assert.True(kind.GetProperty("sentiment").GetProperty("score").GetDouble() > 0);
        Assert.True(kind.GetProperty("toxicity").GetDouble() < 0.5, kind.ToString());
        Assert.True(rude.GetProperty("toxicity").GetDouble() > 0.5, rude.ToString());
        Assert.True(spam.GetProperty("spam").GetDouble() > 0.5, spam.ToString());
        Assert.Equal("fr", french.GetProperty("language").GetString());
        Assert.StartsWith("text-", kind.GetProperty("model_version").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData(null)]
    public async Task Analyze_EmptyText_Is400(string? text)
    {
        var me = await api.Factory.UserAsync(api.Database.ConnectionString);
        var response = await _client.SendJsonAsync(HttpMethod.Post, "/api/v1/ml/analyze", new { text }, me.Token);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Analyze_OverTenThousandCharacters_Is400_TenThousandIsFine()
    {
        var me = await api.Factory.UserAsync(api.Database.ConnectionString);
        var tooLong = await _client.SendJsonAsync(HttpMethod.Post, "/api/v1/ml/analyze", new { text = new string('a', 10_001) }, me.Token);
        var problem = await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _), problem.ToString());

        var longest = await _client.SendJsonAsync(HttpMethod.Post, "/api/v1/ml/analyze", new { text = string.Concat(Enumerable.Repeat("nice clip ", 1_000)) }, me.Token);
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Fact]
    public async Task Analyze_BeyondThePerMinuteLimit_Is429WithRetryAfter()
    {
        var me = await api.Factory.UserAsync(api.Database.ConnectionString);
        for (var i = 0; i < 60; i++) await AnalyzeAsync(me.Token, $"clip {i}");

        var refused = await _client.SendJsonAsync(HttpMethod.Post, "/api/v1/ml/analyze", new { text = "one more" }, me.Token);

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter);
        var other = await api.Factory.UserAsync(api.Database.ConnectionString);
        await AnalyzeAsync(other.Token, "one more"); // the limit is per account
    }

    [Fact]
    public async Task Analyze_SignedOut_Is401()
    {
        var response = await _client.SendJsonAsync(HttpMethod.Post, "/api/v1/ml/analyze", new { text = "hello there" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<System.Text.Json.JsonElement> AnalyzeAsync(string token, string text)
    {
        var response = await _client.SendJsonAsync(HttpMethod.Post, "/api/v1/ml/analyze", new { text }, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
