using System.Net;
using System.Text.RegularExpressions;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

[Collection(OidcCollection.Name)]
public sealed class OidcErrorTests(OidcFixture oidc)
{
    private readonly HttpClient _client = oidc.CreateClient();

    [Fact]
    public async Task Callback_ReusedState_Returns400()
    {
        var callback = await oidc.AuthorizeAsync(_client, FakeIdentity.Fresh());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(callback)).StatusCode);
        await (await _client.GetAsync(callback)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
    }

    [Theory]
    [InlineData("?code=abc&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("?code=abc&state=short")]
    [InlineData("?code=abc")]
    public async Task Callback_UnknownOrMissingState_Returns400(string query)
    {
        var response = await _client.GetAsync("/api/v1/auth/oidc/fake/callback" + query);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
    }

    [Fact]
    public async Task Callback_StateOfAnotherProvider_Returns400()
    {
        var callback = await oidc.AuthorizeAsync(_client, FakeIdentity.Fresh());
        var response = await _client.GetAsync(callback.Replace("/oidc/fake/", "/oidc/public/"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
    }

    [Fact]
    public async Task Callback_AfterLoginTimeout_Returns400()
    {
        var callback = await oidc.AuthorizeAsync(_client, FakeIdentity.Fresh());
        oidc.Clock.Offset = TimeSpan.FromMinutes(11);
        try
        {
            await (await _client.GetAsync(callback)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
        }
        finally
        {
            oidc.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Theory]
    [InlineData(IdTokenTweak.WrongNonce)]
    [InlineData(IdTokenTweak.WrongAudience)]
    [InlineData(IdTokenTweak.WrongIssuer)]
    [InlineData(IdTokenTweak.ForeignKey)]
    [InlineData(IdTokenTweak.UnknownKeyId)]
    [InlineData(IdTokenTweak.Expired)]
    public async Task Callback_BadIdToken_Returns401AndCreatesNoAccount(IdTokenTweak tweak)
    {
        var identity = FakeIdentity.Fresh();
        var response = await oidc.SignInAsync(_client, identity, tweak: tweak);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_id_token");
        Assert.Equal(0L, await oidc.Database.ScalarAsync<long>("SELECT count(*) FROM accounts WHERE email = $1", identity.Email!));
    }

    [Fact]
    public async Task Callback_PkceVerifierDoesNotMatchChallenge_Returns400ExchangeFailed()
    {
        // The provider is shown another challenge than the one made for this sign-in (as if the request was swapped).
        var callback = await oidc.AuthorizeAsync(_client, FakeIdentity.Fresh(),
            tamper: url => Regex.Replace(url, "code_challenge=[^&]+", "code_challenge=" + new string('A', 43)));
        var problem = await (await _client.GetAsync(callback)).AssertProblemAsync(HttpStatusCode.BadRequest, "oidc_exchange_failed");
        Assert.Contains("invalid_grant", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Callback_CodeUsedTwiceWithNewState_Returns400ExchangeFailed()
    {
        var callback = await oidc.AuthorizeAsync(_client, FakeIdentity.Fresh());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(callback)).StatusCode);
        var fresh = await oidc.AuthorizeAsync(_client, FakeIdentity.Fresh());
        var code = Regex.Match(callback, "code=([^&]+)").Groups[1].Value;
        var replay = Regex.Replace(fresh, "code=[^&]+", "code=" + code);
        await (await _client.GetAsync(replay)).AssertProblemAsync(HttpStatusCode.BadRequest, "oidc_exchange_failed");
    }

    [Fact]
    public async Task Callback_ProviderRefused_Returns400AndConsumesState()
    {
        // An unknown login_hint makes the fake provider answer access_denied, as when a user cancels.
        var start = await (await _client.GetAsync("/api/v1/auth/oidc/fake/authorize?format=json")).ReadJsonAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var redirect = await browser.GetAsync(start.GetProperty("authorization_url").GetString() + "&login_hint=nobody");
        var callback = redirect.Headers.Location!.PathAndQuery;

        await (await _client.GetAsync(callback)).AssertProblemAsync(HttpStatusCode.BadRequest, "oidc_provider_error");
        await (await _client.GetAsync(callback)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_state");
    }

    [Fact]
    public async Task Callback_NoEmailClaim_Returns422()
    {
        var response = await oidc.SignInAsync(_client, FakeIdentity.Fresh() with { Email = null });
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "oidc_email_required");
    }

    [Fact]
    public async Task Authorize_ProviderUnreachable_Returns503WithRetryAfter()
    {
        var response = await _client.GetAsync("/api/v1/auth/oidc/down/authorize");
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "oidc_provider_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("/api/v1/auth/oidc/nope/authorize")]
    [InlineData("/api/v1/auth/oidc/nope/callback?code=a&state=b")]
    public async Task UnknownProvider_Returns404(string url)
    {
        await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, "oidc_provider_not_found");
    }

    [Fact]
    public async Task Authorize_UnknownFormat_Returns400()
    {
        await (await _client.GetAsync("/api/v1/auth/oidc/fake/authorize?format=xml")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_format");
    }
}
