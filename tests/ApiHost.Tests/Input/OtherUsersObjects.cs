using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocialFlow.ApiHost.Tests.Input;

/// <summary>
/// A user's public and private post, a comment, a video and a live stream, made through the API, and what their owner
/// sees of them (and of their own account): compared before and after someone else sends bad input at every route.
/// Counters and viewer states are left out: others may like, view or comment on public items.
/// </summary>
public sealed class OtherUsersObjects
{
    private static readonly string[] Volatile = ["liked", "bookmarked", "reactions", "my_reaction", "last_used_at", "current", "current_viewers", "peak_viewers"];

    public required string Token { get; init; }
    public required string Username { get; init; }
    public Guid Post { get; private set; }
    public Guid PrivatePost { get; private set; }
    public Guid Comment { get; private set; }
    public Guid Video { get; private set; }
    public Guid Stream { get; private set; }

    public static async Task<OtherUsersObjects> CreateAsync(HttpClient client, (Guid Id, string Username, string Token) owner)
    {
        var o = new OtherUsersObjects { Token = owner.Token, Username = owner.Username };
        o.Post = await o.CreateAsync(client, "/api/v1/posts", new { text = "mine #guard", visibility = "public" });
        o.PrivatePost = await o.CreateAsync(client, "/api/v1/posts", new { text = "private", visibility = "private" });
        o.Comment = await o.CreateAsync(client, $"/api/v1/posts/{o.Post}/comments", new { text = "my comment" });
        o.Video = await o.CreateAsync(client, "/api/v1/videos", new { title = "my video", visibility = "public", size = 1000 });
        o.Stream = await o.CreateAsync(client, "/api/v1/live", new { title = "my stream", visibility = "public" });
        return o;
    }

    /// <summary>The object a path parameter names, by the route's first segment (posts, videos, comments, live).</summary>
    public string ValueFor(string parameter, string template)
    {
        var segment = template.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2);
        return parameter switch
        {
            "username" => Username,
            "kind" => "posts",
            "id" or "contentId" => segment switch
            {
                "posts" or "bookmarks" or "{kind}" => Post.ToString(),
                "videos" or "uploads" => Video.ToString(),
                "comments" => Comment.ToString(),
                "live" => Stream.ToString(),
                _ => Guid.NewGuid().ToString(),
            },
            "messageId" => Guid.NewGuid().ToString(),
            _ => "guard",
        };
    }

    /// <summary>What the owner sees, without counters.</summary>
    public async Task<string> SnapshotAsync(HttpClient client)
    {
        var parts = new List<string>();
        foreach (var url in new[]
        {
            "/api/v1/users/me", "/api/v1/users/me/preferences", "/api/v1/users/me/sessions", "/api/v1/notifications/preferences",
            $"/api/v1/posts/{Post}", $"/api/v1/posts/{PrivatePost}", $"/api/v1/videos/{Video}", $"/api/v1/live/{Stream}",
            $"/api/v1/posts/{Post}/comments?limit=100",
        })
        {
            var response = await client.GetAsync(url, Token);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"owner GET {url}: {(int)response.StatusCode} {text}");
            var node = JsonNode.Parse(text)!;
            if (url.EndsWith("comments?limit=100", StringComparison.Ordinal))
            {
                node = node["items"]!.AsArray().FirstOrDefault(c => c?["id"]?.GetValue<Guid>() == Comment)?.DeepClone();
            }
            parts.Add($"{url}: {Strip(node)?.ToJsonString()}");
        }
        return string.Join("\n", parts);
    }

    private static JsonNode? Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).Where(k => k.EndsWith("_count", StringComparison.Ordinal) || Volatile.Contains(k)).ToList()) o.Remove(key);
                foreach (var (_, value) in o) Strip(value);
                break;
            case JsonArray a:
                foreach (var item in a) Strip(item);
                break;
        }
        return node;
    }

    private async Task<Guid> CreateAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostJsonAsync(url, body, Token);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }
}
