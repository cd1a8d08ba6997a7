using System.Net;
using System.Net.Http.Headers;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

/// <summary>The web sign-in profile lists one web client origin (SocialFlow:Cors:Origins): only it gets CORS and the hubs.</summary>
[Collection(OidcCollection.Name)]
public sealed class CorsTests(OidcFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Preflight_AllowsTheListedOriginOnly()
    {
        Assert.Equal(OidcFixture.WebOrigin, ProtectiveHeadersTests.Header(await PreflightAsync(OidcFixture.WebOrigin), "Access-Control-Allow-Origin"));
        Assert.Null(ProtectiveHeadersTests.Header(await PreflightAsync("https://evil.example"), "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/hubs/notifications")]
    [InlineData("/hubs/live")]
    public async Task Hubs_RefuseAnOriginNotInTheList(string hub)
    {
        var (_, tokens) = await _client.SignUpAsync();
        await (await NegotiateAsync(hub, tokens.AccessToken, "https://evil.example")).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_not_allowed");
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(hub, tokens.AccessToken, OidcFixture.WebOrigin)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(hub, tokens.AccessToken, null)).StatusCode); // not a browser
    }

    private Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/login");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        return _client.SendAsync(preflight);
    }

    private Task<HttpResponseMessage> NegotiateAsync(string hub, string token, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{hub}/negotiate?negotiateVersion=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return _client.SendAsync(request);
    }
}
