using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests.Input;

/// <summary>A Content-Type charset nobody can decode is a 415 problem on JSON routes, not the JSON reader's 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class CharsetTests(ApiFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Theory]
    [InlineData("POST", "/api/v1/auth/login", "bogus")]
    [InlineData("POST", "/api/v1/auth/register", "\"\"")]
    [InlineData("POST", "/api/v1/posts", "x-unknown-8")]
    [InlineData("PATCH", "/api/v1/users/me", "bogus")]
    public async Task JsonRoute_UnknownCharset_Is415Problem(string method, string path, string charset)
    {
        var (_, token) = await fixture.Factory.UserAsync(fixture.Database.ConnectionString);

        var response = await SendAsync(method, path, $"application/json; charset={charset}", token);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("\"UTF-8\"")]
    public async Task JsonRoute_Utf8Charset_IsRead(string charset)
    {
        var response = await SendAsync("POST", "/api/v1/auth/login", $"application/json; charset={charset}", token: null);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string contentType, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}")) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request);
    }
}
