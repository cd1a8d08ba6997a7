using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Videos;

/// <summary>Absolute URLs come from configuration, never from the request's Host header, and foreign hosts are refused.</summary>
[Collection(VideoCollection.Name)]
public sealed class HostHeaderTests(VideoFixture fixture)
{
    private const string Evil = "evil.example";
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task ForeignHost_NeverAppearsInAnAnswer()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var (id, _) = await _client.CreateAsync(tokens.AccessToken, 1000);
        var metadata = $"video_id {Convert.ToBase64String(Encoding.UTF8.GetBytes(id.ToString()))}";

        var answers = new List<HttpResponseMessage>
        {
            await SendAsync(HttpMethod.Post, "/api/v1/videos", Evil, tokens.AccessToken, JsonContent.Create(
                new { title = "Clip", visibility = "public", size = 1000 }, options: ApiClientExtensions.Json)),
            await SendAsync(HttpMethod.Post, "/api/v1/uploads", Evil, tokens.AccessToken, null,
                ("Tus-Resumable", "1.0.0"), ("Upload-Length", "1000"), ("Upload-Metadata", metadata)),
            await SendAsync(HttpMethod.Get, "/openapi/v1.json", Evil, null, null),
            await SendAsync(HttpMethod.Get, "/docs", Evil, null, null),
        };

        foreach (var answer in answers)
        {
            var text = await answer.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Evil, text);
            Assert.DoesNotContain(answer.Headers.Concat(answer.Content.Headers), h => h.Value.Any(v => v.Contains(Evil)));
            await answer.AssertProblemAsync(HttpStatusCode.BadRequest, "host_not_allowed");
        }
    }

    [Fact]
    public async Task UploadUrlAndLocation_IgnoreTheRequestsHostAndPort()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var created = await SendAsync(HttpMethod.Post, "/api/v1/videos", "localhost:59999", tokens.AccessToken, JsonContent.Create(
            new { title = "Clip", visibility = "public", size = 1000 }, options: ApiClientExtensions.Json));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/uploads/{id}", body.GetProperty("upload_url").GetString());

        var metadata = $"video_id {Convert.ToBase64String(Encoding.UTF8.GetBytes(id.ToString()))}";
        var tus = await SendAsync(HttpMethod.Post, "/api/v1/uploads", "localhost:59999", tokens.AccessToken, null,
            ("Tus-Resumable", "1.0.0"), ("Upload-Length", "1000"), ("Upload-Metadata", metadata));
        Assert.Equal(HttpStatusCode.Created, tus.StatusCode);
        Assert.Equal($"/api/v1/uploads/{id}", tus.Headers.Location!.OriginalString);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string host, string? token, HttpContent? content,
        params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Host = host;
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return await _client.SendAsync(request);
    }
}
