using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Input;

/// <summary>
/// One rule for text in every request (body fields, route and query values): no C0 control character other than tab,
/// line feed and carriage return, and no unpaired surrogate; refused with a 400 naming the field. Each case here once
/// reached PostgreSQL (22021, a 500) or was stored as sent.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ControlCharacterTests(ApiFixture fixture)
{
    private const string Marker = "~BAD~";
    private readonly HttpClient _client = fixture.CreateClient();

    // A lone surrogate cannot arrive in JSON: System.Text.Json reads an escaped one as U+FFFD. The hub filter sees them.
    public static TheoryData<string> BadTexts => ["a\0b", "a\u0001b", "esc\u001b[31m", "del\u007f and \u0008 backspace"];

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task EveryTextField_ControlCharacterOrLoneSurrogate_Is400NamingTheField(string sent)
    {
        const string bad = Marker; // where the cases put the text: SendWithAsync writes it as escapes
        var (owner, token) = await fixture.Factory.UserAsync(fixture.Database.ConnectionString);
        var post = await CreatedIdAsync("/api/v1/posts", new { text = "a post", visibility = "public" }, token);
        var comment = await CreatedIdAsync($"/api/v1/posts/{post}/comments", new { text = "a comment" }, token);
        var video = await CreatedIdAsync("/api/v1/videos", new { title = "a video", visibility = "public", size = 1000 }, token);
        var stream = await CreatedIdAsync("/api/v1/live", new { title = "a stream", visibility = "public" }, token);

        var cases = new (HttpMethod Method, string Url, object Body, string Field)[]
        {
            (HttpMethod.Post, "/api/v1/auth/login", new { login = bad, password = "whatever-password" }, "login"),
            (HttpMethod.Post, "/api/v1/posts", new { text = bad, visibility = "public" }, "text"),
            (HttpMethod.Post, "/api/v1/posts", new { text = $"#tag{bad}", visibility = "public" }, "text"),
            (HttpMethod.Patch, $"/api/v1/posts/{post}", new { text = bad }, "text"),
            (HttpMethod.Post, $"/api/v1/posts/{post}/comments", new { text = bad }, "text"),
            (HttpMethod.Patch, $"/api/v1/comments/{comment}", new { text = bad }, "text"),
            (HttpMethod.Post, "/api/v1/videos", new { title = bad, visibility = "public", size = 1000 }, "title"),
            (HttpMethod.Patch, $"/api/v1/videos/{video}", new { title = bad }, "title"),
            (HttpMethod.Patch, $"/api/v1/videos/{video}", new { tags = new[] { "ok", bad } }, "tags[1]"),
            (HttpMethod.Put, $"/api/v1/videos/{video}/chapters", new { chapters = new[] { new { start_seconds = 0, title = bad } } }, "chapters[0].title"),
            (HttpMethod.Post, "/api/v1/live", new { title = bad }, "title"),
            (HttpMethod.Post, $"/api/v1/live/{stream}/chat", new { text = bad }, "text"),
            (HttpMethod.Post, $"/api/v1/live/{stream}/chat/timeouts", new { username = bad, seconds = 60 }, "username"),
            (HttpMethod.Post, $"/api/v1/live/{stream}/chat/bans", new { username = bad }, "username"),
            (HttpMethod.Patch, "/api/v1/users/me", new { display_name = bad }, "display_name"),
            (HttpMethod.Patch, "/api/v1/users/me", new { bio = bad }, "bio"),
            (HttpMethod.Put, "/api/v1/users/me/preferences", Preferences(bad), "content_language"),
        };
        foreach (var (method, url, body, field) in cases)
        {
            var response = await SendWithAsync(method, url, body, sent, token);

            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{method} {url}: {problem}");
        }
        var me = await (await _client.GetAsync("/api/v1/users/me", token)).ReadJsonAsync();
        Assert.Equal(owner, me.GetProperty("id").GetGuid());
        Assert.DoesNotContain(sent, me.GetProperty("display_name").GetString());
    }

    [Theory]
    [InlineData("/api/v1/users/a%01b", "username")]
    [InlineData("/api/v1/users/a%1Bb/posts", "username")]
    [InlineData("/api/v1/hashtags/a%02b/posts", "tag")]
    [InlineData("/api/v1/videos/feed?cursor=a%00", "cursor")]
    public async Task RouteOrQueryValue_ControlCharacter_Is400NamingIt(string url, string field)
    {
        var problem = await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task TextField_TabsAndLineBreaks_AreKept()
    {
        var (_, token) = await fixture.Factory.UserAsync(fixture.Database.ConnectionString);

        var response = await _client.PostJsonAsync("/api/v1/posts", new { text = "line one\r\n\tline two", visibility = "public" }, token);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("line one\r\n\tline two", (await response.ReadJsonAsync()).GetProperty("text").GetString());
    }

    /// <summary>The body as JSON with <paramref name="bad"/> written as \u escapes: a JSON writer refuses to write a lone surrogate.</summary>
    private async Task<HttpResponseMessage> SendWithAsync(HttpMethod method, string url, object body, string bad, string token)
    {
        var escaped = string.Concat(bad.Select(c => c < ' ' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        var json = JsonSerializer.Serialize(body, ApiClientExtensions.Json).Replace(Marker, escaped, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request);
    }

    private static object Preferences(string language) => new
    {
        theme = "system", autoplay = true, playback_quality = "auto", email_notifications = true, push_notifications = true,
        private_account = false, content_language = language,
    };

    private async Task<Guid> CreatedIdAsync(string url, object body, string token)
    {
        var response = await _client.PostJsonAsync(url, body, token);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }
}
