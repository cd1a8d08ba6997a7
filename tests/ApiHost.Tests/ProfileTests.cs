using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

[Collection(ApiCollection.Name)]
public sealed class ProfileTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task PatchMe_AllowedFields_AreSavedAndShownPublicly()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var patch = await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new
        {
            display_name = "Ada L.",
            bio = "Counting engines",
            avatar_url = "https://cdn.example.com/a.png",
            links = new[] { "https://ada.example.com" },
            locale = "en-GB",
        }, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var profile = await (await _client.GetAsync($"/api/v1/users/{user.Username}")).ReadJsonAsync();
        Assert.Equal("Ada L.", profile.GetProperty("display_name").GetString());
        Assert.Equal("Counting engines", profile.GetProperty("bio").GetString());
        Assert.Equal("https://ada.example.com", profile.GetProperty("links")[0].GetString());
        var me = await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync();
        Assert.Equal("en-GB", me.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task PatchMe_OnlyGivenFields_Change()
    {
        var (_, tokens) = await _client.SignUpAsync();
        await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { bio = "first" }, tokens.AccessToken);
        await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { display_name = "Second" }, tokens.AccessToken);
        var me = await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync();
        Assert.Equal("first", me.GetProperty("bio").GetString());
        Assert.Equal("Second", me.GetProperty("display_name").GetString());
    }

    [Theory]
    [InlineData("email")]
    [InlineData("roles")]
    [InlineData("username")]
    [InlineData("email_verified")]
    public async Task PatchMe_FieldAUserMayNotChange_Returns400AndChangesNothing(string field)
    {
        var (user, tokens) = await _client.SignUpAsync();
        var body = new Dictionary<string, object> { [field] = field == "roles" ? new[] { "admin" } : field == "email_verified" ? true : "evil@example.com" };
        var response = await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", body, tokens.AccessToken);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        var me = await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync();
        Assert.Equal(user.Email, me.GetProperty("email").GetString());
        Assert.Equal(user.Username, me.GetProperty("username").GetString());
        Assert.False(me.GetProperty("email_verified").GetBoolean());
        Assert.Equal(1, me.GetProperty("roles").GetArrayLength());
    }

    [Theory]
    [InlineData("bio", 501)]
    [InlineData("display_name", 61)]
    public async Task PatchMe_OverLongField_Returns400(string field, int length)
    {
        var (_, tokens) = await _client.SignUpAsync();
        var response = await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new Dictionary<string, object> { [field] = new string('x', length) }, tokens.AccessToken);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task PatchMe_JavascriptAvatarUrl_Returns400()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var response = await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { avatar_url = "javascript:alert(1)" }, tokens.AccessToken);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task PublicProfile_NeverShowsEmailOrPrivateFields()
    {
        var (user, tokens) = await _client.SignUpAsync();
        await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { locale = "fr" }, tokens.AccessToken);
        var response = await _client.GetAsync($"/api/v1/users/{user.Username}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(user.Email, text);
        var profile = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.Equal(user.Username, profile.GetProperty("username").GetString());
        foreach (var field in new[] { "email", "email_verified", "locale", "roles", "two_factor_enabled" })
        {
            Assert.False(profile.TryGetProperty(field, out _), $"public profile shows {field}");
        }
    }

    [Fact]
    public async Task PublicProfile_UnknownUser_Returns404()
    {
        var response = await _client.GetAsync("/api/v1/users/nobody" + Guid.NewGuid().ToString("N")[..8]);
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Preferences_DefaultsThenPutReplaces()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var defaults = await (await _client.GetAsync("/api/v1/users/me/preferences", tokens.AccessToken)).ReadJsonAsync();
        Assert.Equal("system", defaults.GetProperty("theme").GetString());

        var put = await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/preferences", new
        {
            theme = "dark", autoplay = false, playback_quality = "720p", email_notifications = false,
            push_notifications = true, private_account = true, content_language = "de",
        }, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = await (await _client.GetAsync("/api/v1/users/me/preferences", tokens.AccessToken)).ReadJsonAsync();
        Assert.Equal("dark", saved.GetProperty("theme").GetString());
        Assert.False(saved.GetProperty("autoplay").GetBoolean());
        Assert.True(saved.GetProperty("private_account").GetBoolean());
    }

    [Fact]
    public async Task Preferences_InvalidValue_Returns400()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var put = await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/preferences", new { theme = "neon", autoplay = true }, tokens.AccessToken);
        var problem = await put.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("theme", out _));
    }

    [Fact]
    public async Task Preferences_AreEachUsersOwn()
    {
        var (_, alice) = await _client.SignUpAsync();
        var (_, bob) = await _client.SignUpAsync();
        await _client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/preferences", new
        {
            theme = "light", autoplay = true, playback_quality = "auto", email_notifications = true,
            push_notifications = false, private_account = false, content_language = (string?)null,
        }, alice.AccessToken);
        var bobs = await (await _client.GetAsync("/api/v1/users/me/preferences", bob.AccessToken)).ReadJsonAsync();
        Assert.Equal("system", bobs.GetProperty("theme").GetString());
        Assert.True(bobs.GetProperty("push_notifications").GetBoolean());
    }
}
