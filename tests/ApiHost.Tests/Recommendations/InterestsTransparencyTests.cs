using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;
using SocialFlow.ApiHost.Tests.Posts;

namespace SocialFlow.ApiHost.Tests.Recommendations;

/// <summary>`GET /users/me/interests` shows what recommendations inferred (tags and accounts, with weights) next to what
/// the person picked; `DELETE /users/me/interests/{interest}` removes any of them for good, from the next page on.</summary>
[Collection(ApiCollection.Name)]
public sealed class InterestsTransparencyTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Interests_InferredFromBookmarks_ShownWithWeights_AndRemovalSticks()
    {
        var users = await api.Factory.NamedUsersAsync(api.Database.ConnectionString, 3);
        var (viewer, author, stranger) = (users[0], users[1], users[2]);
        var tag = "jz" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 2; i++)
        {
            var post = (await _client.CreatePostAsync(author.Token, $"listening #{tag} {i}")).GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/bookmarks/{post}", null, viewer.Token)).StatusCode);
        }
        var before = (await _client.CreatePostAsync(stranger.Token, $"new #{tag} take")).GetProperty("id").GetGuid();

        var shown = await InterestsAsync(viewer.Token);
        var page = await _client.AllForYouAsync(viewer.Token);

        var inferredTag = Assert.Single(shown, i => i.GetProperty("interest").GetString() == tag);
        Assert.Equal(("inferred", "tag"), (inferredTag.GetProperty("source").GetString(), inferredTag.GetProperty("kind").GetString()));
        Assert.True(inferredTag.GetProperty("weight").GetDouble() > 0);
        var account = Assert.Single(shown, i => i.GetProperty("kind").GetString() == "account");
        Assert.Equal(author.Id, account.GetProperty("account_id").GetGuid());
        Assert.Equal("interests", Assert.Single(page, i => i.Id() == before).GetProperty("source").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/interests/{tag}", null, viewer.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendJsonAsync(HttpMethod.Delete,
            $"/api/v1/users/me/interests/{account.GetProperty("interest").GetString()}", null, viewer.Token)).StatusCode);
        var after = (await _client.CreatePostAsync(stranger.Token, $"another #{tag} take")).GetProperty("id").GetGuid();
        var remaining = await InterestsAsync(viewer.Token);
        var next = await _client.AllForYouAsync(viewer.Token);

        Assert.DoesNotContain(remaining, i => i.GetProperty("interest").GetString() == tag);
        Assert.DoesNotContain(remaining, i => i.GetProperty("kind").GetString() == "account");
        Assert.DoesNotContain(next, i => i.Id() == after && i.GetProperty("source").GetString() == "interests");
    }

    [Fact]
    public async Task DeleteInterest_NotOneOfMine_Is404_AndMalformedIs400()
    {
        var (_, token) = await api.Factory.UserAsync(api.Database.ConnectionString);

        await (await _client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/interests/neverpicked", null, token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendJsonAsync(HttpMethod.Delete, "/api/v1/users/me/interests/not%20a%20tag", null, token)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<List<JsonElement>> InterestsAsync(string token) =>
        [.. (await (await _client.GetAsync("/api/v1/users/me/interests", token)).ReadJsonAsync()).GetProperty("interests").EnumerateArray()];
}
