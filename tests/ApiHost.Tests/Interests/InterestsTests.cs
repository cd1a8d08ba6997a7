using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Interests;

/// <summary>`PUT|GET /users/me/interests`: the picked set is replaced, normalised as hashtags are (lower case, no '#',
/// duplicates once), and is each person's own; more than 50, or one that could not be a hashtag of 1 to 50 characters, is 400.</summary>
[Collection(ApiCollection.Name)]
public sealed class InterestsTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task PutInterests_ReplacesThePickedSet_Normalised_AndGetShowsOnlyTheCallersOwn()
    {
        var users = await api.Factory.UsersAsync(api.Database.ConnectionString, 2);
        var (me, other) = (users[0], users[1]);

        var first = await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/interests", new { interests = new[] { "Cooking", "#jazz", "cooking" } }, me.Token);
        var second = await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/interests", new { interests = new[] { "#Jazz", "Trail_Running" } }, me.Token);
        var mine = await (await _client.GetAsync("/api/v1/users/me/interests", me.Token)).ReadJsonAsync();
        var theirs = await (await _client.GetAsync("/api/v1/users/me/interests", other.Token)).ReadJsonAsync();

        Assert.Equal(["cooking", "jazz"], Names(await first.ReadJsonAsync()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(["jazz", "trail_running"], Names(mine));
        Assert.All(mine.GetProperty("interests").EnumerateArray(), i => Assert.Equal(("picked", 1.0), (i.GetProperty("source").GetString(), i.GetProperty("weight").GetDouble())));
        Assert.Empty(theirs.GetProperty("interests").EnumerateArray());
    }

    [Theory]
    [InlineData("too_many")]
    [InlineData("too_long")]
    [InlineData("a space")]
    [InlineData("#")]
    [InlineData("1234")]
    [InlineData("missing")]
    public async Task PutInterests_Invalid_Is400NamingInterests_AndChangesNothing(string kind)
    {
        var me = await api.Factory.UserAsync(api.Database.ConnectionString);
        await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/interests", new { interests = new[] { "chess" } }, me.Token);
        object body = kind switch
        {
            "too_many" => new { interests = Enumerable.Range(0, 51).Select(i => $"topic{i}").ToArray() },
            "too_long" => new { interests = new[] { new string('a', 51) } },
            "missing" => new { },
            _ => new { interests = new[] { kind } },
        };

        var refused = await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/interests", body, me.Token);

        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("interests", out _), problem.ToString());
        Assert.Equal(["chess"], Names(await (await _client.GetAsync("/api/v1/users/me/interests", me.Token)).ReadJsonAsync()));
    }

    private static string[] Names(System.Text.Json.JsonElement body) =>
        [.. body.GetProperty("interests").EnumerateArray().Select(i => i.GetProperty("interest").GetString()!)];
}
