using System.Net;
using Microsoft.Extensions.Options;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

/// <summary>With no provider configured (the default) sign-in through OpenID Connect is off.</summary>
[Collection(ApiCollection.Name)]
public sealed class OidcDisabledTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("/api/v1/auth/oidc/google/authorize")]
    [InlineData("/api/v1/auth/oidc/google/authorize?format=json")]
    [InlineData("/api/v1/auth/oidc/google/callback?code=a&state=b")]
    public async Task Endpoints_NoProviderConfigured_Return404(string url)
    {
        await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, "oidc_provider_not_found");
    }

    [Fact]
    public async Task Providers_NoProviderConfigured_IsEmpty()
    {
        var body = await (await _client.GetAsync("/api/v1/auth/oidc/providers")).ReadJsonAsync();
        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
    }
}

public sealed class OidcOptionsTests
{
    [Theory]
    [InlineData("ClientId", "", "SocialFlow:Oidc:Providers:broken:ClientId")]
    [InlineData("Authority", "http://idp.example", "SocialFlow:Oidc:Providers:broken:Authority")]
    [InlineData("Scopes", "email profile", "SocialFlow:Oidc:Providers:broken:Scopes")]
    [InlineData("ClientAuthentication", "private_key_jwt", "SocialFlow:Oidc:Providers:broken:ClientAuthentication")]
    public async Task Startup_InvalidProvider_FailsNamingTheKey(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SocialFlow:Oidc:PublicBaseUrl"] = "https://api.example",
            ["SocialFlow:Oidc:Providers:broken:Authority"] = "https://idp.example",
            ["SocialFlow:Oidc:Providers:broken:ClientId"] = "client",
            ["SocialFlow:Oidc:Providers:broken:ClientSecret"] = "do-not-print-me",
            [$"SocialFlow:Oidc:Providers:broken:{key}"] = value,
        };
        await using var factory = new ApiFactory("Host=127.0.0.1;Port=1;Database=none", settings);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(named, error.Message);
        Assert.DoesNotContain("do-not-print-me", error.Message);
    }
}
