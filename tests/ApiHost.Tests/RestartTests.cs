using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

/// <summary>Everything acknowledged before a host stops is there when a new host starts on the same database.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Restart_AccountProfilePreferencesAndRefreshTokenSurvive()
    {
        await using var db = await TestDatabase.CreateAsync();
        TestUser user;
        Tokens tokens;
        await using (var first = new ApiFactory(db.ConnectionString))
        {
            var client = first.CreateClient();
            (user, tokens) = await client.SignUpAsync();
            var patch = await client.SendJsonAsync(HttpMethod.Patch, "/api/v1/users/me", new { display_name = "Before Restart", bio = "kept" }, tokens.AccessToken);
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            var prefs = await client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/preferences", new
            {
                theme = "dark", autoplay = false, playback_quality = "480p", email_notifications = true,
                push_notifications = false, private_account = true, content_language = "es",
            }, tokens.AccessToken);
            Assert.Equal(HttpStatusCode.OK, prefs.StatusCode);
        }

        await using var second = new ApiFactory(db.ConnectionString);
        var again = second.CreateClient();
        var refreshed = await again.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var login = await again.LoginAsync(user);

        var me = await (await again.GetAsync("/api/v1/users/me", login.AccessToken)).ReadJsonAsync();
        Assert.Equal("Before Restart", me.GetProperty("display_name").GetString());
        Assert.Equal("kept", me.GetProperty("bio").GetString());
        var prefsAfter = await (await again.GetAsync("/api/v1/users/me/preferences", login.AccessToken)).ReadJsonAsync();
        Assert.Equal("dark", prefsAfter.GetProperty("theme").GetString());
        Assert.Equal("es", prefsAfter.GetProperty("content_language").GetString());
        var sessions = await (await again.GetAsync("/api/v1/users/me/sessions", login.AccessToken)).ReadJsonAsync();
        Assert.Equal(2, sessions.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Startup_MissingSigningKey_FailsNamingTheKey()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var factory = new ApiFactory(db.ConnectionString, new Dictionary<string, string?> { ["SocialFlow:Jwt:SigningKey"] = "" });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("SocialFlow:Jwt:SigningKey", error.ToString());
    }

    [Fact]
    public async Task Startup_BadClusteringValue_FailsNamingTheKey()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var factory = new ApiFactory(db.ConnectionString, new Dictionary<string, string?> { ["SocialFlow:Orleans:Clustering"] = "Zookeeper" });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("SocialFlow:Orleans", error.ToString());
    }
}
