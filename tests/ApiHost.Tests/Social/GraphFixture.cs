using System.Net;
using System.Text.Json;

namespace SocialFlow.ApiHost.Tests.Social;

[CollectionDefinition(Name)]
public sealed class GraphCollection : ICollectionFixture<GraphFixture>
{
    public const string Name = "graph";
}

/// <summary>The social graph profile: per-user rate limits out of the way of tests that follow and block many times.</summary>
public sealed class GraphFixture : ApiFixture
{
    protected override Dictionary<string, string?> HostSettings() => new()
    {
        ["SocialFlow:DataDirectory"] = DataDirectory,
        ["SocialFlow:RateLimits:PerUserPerSecond"] = "1000",
        ["SocialFlow:RateLimits:PerUserBurst"] = "5000",
    };

    /// <summary>Seeded accounts with live sessions and real access tokens (see <see cref="Seed.NamedUsersAsync"/>).</summary>
    public async Task<List<GraphUser>> UsersAsync(int count) =>
        [.. (await Factory.NamedUsersAsync(Database.ConnectionString, count)).Select(u => new GraphUser(u.Id, u.Username, u.Token))];

    public async Task<(GraphUser, GraphUser)> PairAsync()
    {
        var users = await UsersAsync(2);
        return (users[0], users[1]);
    }
}

public sealed record GraphUser(Guid Id, string Username, string Token);

public static class GraphApi
{
    public static async Task<JsonElement> OkJsonAsync(this Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, GraphUser? user) =>
        client.SendJsonAsync(method, url, null, user?.Token);

    public static Task<JsonElement> FollowAsync(this HttpClient client, GraphUser follower, GraphUser target) =>
        client.SendAsync(HttpMethod.Post, $"/api/v1/users/{target.Username}/follow", follower).OkJsonAsync();

    public static Task<JsonElement> UnfollowAsync(this HttpClient client, GraphUser follower, GraphUser target) =>
        client.SendAsync(HttpMethod.Delete, $"/api/v1/users/{target.Username}/follow", follower).OkJsonAsync();

    public static Task<JsonElement> BlockAsync(this HttpClient client, GraphUser blocker, GraphUser target) =>
        client.SendAsync(HttpMethod.Post, $"/api/v1/users/{target.Username}/block", blocker).OkJsonAsync();

    public static async Task<(long Followers, long Following)> CountsAsync(this HttpClient client, GraphUser user)
    {
        var profile = await client.SendAsync(HttpMethod.Get, $"/api/v1/users/{user.Username}", null).OkJsonAsync();
        return (profile.GetProperty("follower_count").GetInt64(), profile.GetProperty("following_count").GetInt64());
    }

    public static async Task<List<string>> UsernamesAsync(this HttpClient client, string url, GraphUser? viewer)
    {
        var page = await client.SendAsync(HttpMethod.Get, url, viewer).OkJsonAsync();
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("username").GetString()!).ToList();
    }

    public static async Task<List<JsonElement>> ItemsAsync(this HttpClient client, string url, GraphUser? viewer) =>
        (await client.SendAsync(HttpMethod.Get, url, viewer).OkJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    public static async Task SetPrivateAsync(this HttpClient client, GraphUser user, bool isPrivate)
    {
        var body = new { theme = "system", autoplay = true, playback_quality = "auto", email_notifications = true, push_notifications = true, private_account = isPrivate };
        using var response = await client.SendJsonAsync(HttpMethod.Put, "/api/v1/users/me/preferences", body, user.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
