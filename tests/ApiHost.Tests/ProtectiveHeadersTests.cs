using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

/// <summary>Headers every answer carries, no-store on what holds tokens or personal data, and CORS closed by default.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProtectiveHeadersTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task EveryAnswer_SaysNosniffAndNoReferrer()
    {
        var (_, tokens) = await _client.SignUpAsync();
        var answers = new[]
        {
            await _client.GetAsync("/api/v1/users/me", tokens.AccessToken),
            await _client.GetAsync("/api/v1/no-such-route"),
            await _client.PostJsonAsync("/api/v1/auth/login", new { login = "nobody_x", password = "wrong-password-x" }),
            await _client.GetAsync("/health/live"),
            await _client.GetAsync("/openapi/v1.json"),
        };
        foreach (var answer in answers)
        {
            Assert.Equal("nosniff", Header(answer, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(answer, "Referrer-Policy"));
        }
    }

    [Fact]
    public async Task DocsPage_HasAContentSecurityPolicy()
    {
        var docs = await _client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        var csp = Header(docs, "Content-Security-Policy");
        Assert.NotNull(csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public async Task AnswersWithTokensOrPersonalData_AreNeverStored()
    {
        var user = await _client.RegisterAsync();
        var login = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password });
        var tokens = await login.ReadAsync<Tokens>();
        var answers = new[]
        {
            login,
            await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = tokens.RefreshToken }),
            await _client.GetAsync("/api/v1/users/me", tokens.AccessToken),
            await _client.GetAsync("/api/v1/users/me/sessions", tokens.AccessToken),
            await _client.GetAsync("/api/v1/users/me/preferences", tokens.AccessToken),
            await _client.PostJsonAsync("/api/v1/auth/2fa/enable", new { }, tokens.AccessToken),
        };
        foreach (var answer in answers)
        {
            Assert.True(answer.IsSuccessStatusCode, $"{answer.RequestMessage!.RequestUri}: {(int)answer.StatusCode}");
            Assert.True(answer.Headers.CacheControl?.NoStore == true, $"{answer.RequestMessage!.RequestUri}: Cache-Control {answer.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task Cors_IsClosedByDefault()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/login");
        preflight.Headers.Add("Origin", "https://app.example.test");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var answer = await _client.SendAsync(preflight);
        Assert.Null(Header(answer, "Access-Control-Allow-Origin"));
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values) : null;
}
