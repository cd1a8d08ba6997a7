using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace SocialFlow.ApiHost.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class OidcCollection : ICollectionFixture<OidcFixture>
{
    public const string Name = "oidc";
}

/// <summary>
/// A fake OpenID provider and an API host configured with four providers on it: "fake" (client_secret_basic,
/// redirect URI built from the public base URL), "fakepost" (client_secret_post, explicit redirect URI),
/// "public" (no secret, PKCE alone) and "down" (nothing listens there); and one web client origin (<see cref="WebOrigin"/>).
/// </summary>
public sealed class OidcFixture : ApiFixture
{
    private const string Callbacks = "http://localhost/api/v1/auth/oidc";
    /// <summary>The one web client origin this profile allows (CORS and the hubs' Origin check).</summary>
    public const string WebOrigin = "https://app.example.test";

    public FakeOidcProvider Provider { get; private set; } = null!;
    /// <summary>The API's clock; tests in the collection run one at a time, so one may move it and put it back.</summary>
    public ShiftableClock Clock { get; } = new();

    public override async Task InitializeAsync()
    {
        Provider = await FakeOidcProvider.StartAsync(
            new FakeClient("sf-basic", "basic-secret-1", $"{Callbacks}/fake/callback"),
            new FakeClient("sf-post", "post-secret-1", $"{Callbacks}/fakepost/callback", SecretInBody: true),
            new FakeClient("sf-public", null, $"{Callbacks}/public/callback"));
        await base.InitializeAsync();
    }

    protected override Dictionary<string, string?> HostSettings()
    {
        const string p = "SocialFlow:Oidc:Providers:";
        return new()
        {
            ["SocialFlow:Oidc:PublicBaseUrl"] = "http://localhost/",
            ["SocialFlow:Cors:Origins:0"] = WebOrigin,
            [p + "fake:Authority"] = Provider.Issuer,
            [p + "fake:ClientId"] = "sf-basic",
            [p + "fake:ClientSecret"] = "basic-secret-1",
            [p + "fake:RequireHttps"] = "false",
            [p + "fakepost:Authority"] = Provider.Issuer,
            [p + "fakepost:ClientId"] = "sf-post",
            [p + "fakepost:ClientSecret"] = "post-secret-1",
            [p + "fakepost:ClientAuthentication"] = "client_secret_post",
            [p + "fakepost:RedirectUri"] = $"{Callbacks}/fakepost/callback",
            [p + "fakepost:RequireHttps"] = "false",
            [p + "public:Authority"] = Provider.Issuer,
            [p + "public:ClientId"] = "sf-public",
            [p + "public:RequireHttps"] = "false",
            [p + "down:Authority"] = $"http://127.0.0.1:{FreePort.Next()}",
            [p + "down:ClientId"] = "sf-down",
            [p + "down:RequireHttps"] = "false",
        };
    }

    protected override WebApplicationFactory<Program> Customize(ApiFactory factory) =>
        factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));

    public override HttpClient CreateClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>
    /// The browser's part of a sign-in: asks the API for the authorization URL, lets the fake provider sign
    /// <paramref name="identity"/> in, and returns the callback path and query the provider redirected to.
    /// </summary>
    public async Task<string> AuthorizeAsync(HttpClient api, FakeIdentity identity, string provider = "fake",
        IdTokenTweak tweak = IdTokenTweak.None, Func<string, string>? tamper = null)
    {
        var start = await api.GetAsync($"/api/v1/auth/oidc/{provider}/authorize?format=json");
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var url = (await start.ReadJsonAsync()).GetProperty("authorization_url").GetString()!;
        url = QueryHelpers.AddQueryString(tamper?.Invoke(url) ?? url, "login_hint", Provider.Enroll(identity, tweak));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.PathAndQuery;
    }

    /// <summary>The whole sign-in; returns the API's answer to the callback.</summary>
    public async Task<HttpResponseMessage> SignInAsync(HttpClient api, FakeIdentity identity, string provider = "fake", IdTokenTweak tweak = IdTokenTweak.None) =>
        await api.GetAsync(await AuthorizeAsync(api, identity, provider, tweak));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
    }
}

public sealed class ShiftableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
