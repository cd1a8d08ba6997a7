using System.Net;

namespace SocialFlow.ApiHost.Tests.Posts;

[CollectionDefinition(Name)]
public sealed class PostsCollection : ICollectionFixture<PostsFixture>
{
    public const string Name = "posts";
}

/// <summary>The posts profile: its own media directory, and a small pixel limit so a test can exceed it cheaply.</summary>
public sealed class PostsFixture : ApiFixture
{
    public const long MaxPixels = 1_000_000;

    public static Dictionary<string, string?> Settings(string dataDirectory) => new()
    {
        ["SocialFlow:DataDirectory"] = dataDirectory,
        ["SocialFlow:PostImages:MaxPixels"] = MaxPixels.ToString(),
    };

    protected override Dictionary<string, string?> HostSettings() => Settings(DataDirectory);

    /// <summary>
    /// There is no endpoint to grant roles yet: set them in the table, then sign in again (roles live in the access token).
    /// The user grain caches its account row, so idle activations are collected first to make it read the new roles.
    /// </summary>
    public async Task<string> SignInAsModeratorAsync(HttpClient client, TestUser user)
    {
        await Database.ScalarAsync<object>("UPDATE accounts SET roles = ARRAY['user','moderator'] WHERE id = $1", user.Id);
        await Grains.Ref<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        return (await client.LoginAsync(user)).AccessToken;
    }
}

public static class PostApi
{
    public static async Task<System.Text.Json.JsonElement> CreatePostAsync(this HttpClient client, string bearer, string text, string visibility = "public", Guid[]? media = null)
    {
        var response = await client.PostJsonAsync("/api/v1/posts", new { text, visibility, media_ids = media ?? [] }, bearer);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create post: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    public static async Task<System.Text.Json.JsonElement> CommentAsync(this HttpClient client, string bearer, string itemUrl, string text, Guid? parentId = null)
    {
        var response = await client.PostJsonAsync($"{itemUrl}/comments", new { text, parent_id = parentId }, bearer);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"comment: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> GetAnonymousAsync(this HttpClient client, string url) => client.GetAsync(url);
}
