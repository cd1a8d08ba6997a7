using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

[Collection(ApiCollection.Name)]
public sealed class PlatformTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Health_LiveAndReady_Answer200WithChecks()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        var ready = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = (await ready.ReadJsonAsync()).GetProperty("checks");
        foreach (var name in new[] { "silo", "postgres", "redis" }) Assert.Equal("ok", checks.GetProperty(name).GetString());
    }

    [Fact]
    public async Task OpenApi_DocumentListsTheAuthContract()
    {
        var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        foreach (var path in new[] { "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/users/me", "/api/v1/auth/2fa/enable" })
        {
            Assert.Contains($"\"{path}\"", text);
        }
    }

    [Fact]
    public async Task Docs_PageServesHtml()
    {
        var response = await _client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RequestId_IsEchoedWhenWellFormed_GeneratedOtherwise_AndInProblems()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/nobody-here-x");
        request.Headers.Add("X-Request-Id", "client-abc-123");
        var response = await _client.SendAsync(request);
        Assert.Equal("client-abc-123", response.Headers.GetValues("X-Request-Id").Single());
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("client-abc-123", problem.GetProperty("trace_id").GetString());

        using var bad = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        bad.Headers.TryAddWithoutValidation("X-Request-Id", "has spaces and <script>");
        var generated = (await _client.SendAsync(bad)).Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", generated);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        await (await _client.GetAsync("/api/v1/definitely-not-here")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        await (await _client.DeleteAsync("/api/v1/auth/login")).AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task OversizedBody_Returns413Problem()
    {
        var huge = $"{{\"email\":\"big@example.com\",\"username\":\"bigbody\",\"password\":\"{new string('x', 2 * 1024 * 1024)}\"}}";
        var response = await _client.PostAsync("/api/v1/auth/register", new StringContent(huge, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }
}
