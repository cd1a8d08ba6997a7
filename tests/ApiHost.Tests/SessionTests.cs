using System.Net;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

[Collection(ApiCollection.Name)]
public sealed class SessionTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Sessions_ListsEachSignInAndMarksTheCurrentOne()
    {
        var (user, first) = await _client.SignUpAsync();
        var second = await _client.LoginAsync(user);
        var items = await SessionsAsync(second.AccessToken);
        Assert.Equal(2, items.Length);
        Assert.Single(items, s => s.GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task DeleteSession_EndsThatSessionOnly()
    {
        var (user, laptop) = await _client.SignUpAsync();
        var phone = await _client.LoginAsync(user);
        var phoneSession = (await SessionsAsync(phone.AccessToken)).Single(s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();

        var delete = await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/sessions/{phoneSession}", null, laptop.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        await (await _client.GetAsync("/api/v1/users/me", phone.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = phone.RefreshToken })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", laptop.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Sessions_UserBCannotSeeOrEndUserASessions()
    {
        var (_, alice) = await _client.SignUpAsync();
        var (_, bob) = await _client.SignUpAsync();
        var aliceSession = (await SessionsAsync(alice.AccessToken)).Single().GetProperty("id").GetString();

        var bobsView = await SessionsAsync(bob.AccessToken);
        Assert.DoesNotContain(bobsView, s => s.GetProperty("id").GetString() == aliceSession);

        var delete = await _client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/users/me/sessions/{aliceSession}", null, bob.AccessToken);
        await delete.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/users/me", alice.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Sessions_WithoutToken_Returns401()
    {
        await (await _client.GetAsync("/api/v1/users/me/sessions")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _client.GetAsync("/api/v1/users/me/preferences")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<JsonElement[]> SessionsAsync(string accessToken)
    {
        var response = await _client.GetAsync("/api/v1/users/me/sessions", accessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().ToArray();
    }
}
