using System.Net;
using OtpNet;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

[Collection(OidcCollection.Name)]
public sealed class OidcLoginTests(OidcFixture oidc)
{
    private readonly HttpClient _client = oidc.CreateClient();

    [Fact]
    public async Task Providers_ListsConfiguredNames()
    {
        var body = await (await _client.GetAsync("/api/v1/auth/oidc/providers")).ReadJsonAsync();
        var names = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToArray();
        Assert.Equal(new[] { "down", "fake", "fakepost", "public" }, names);
        Assert.Equal("/api/v1/auth/oidc/fake/authorize", body.GetProperty("items")[1].GetProperty("authorize_url").GetString());
    }

    [Fact]
    public async Task Authorize_RedirectsToProviderWithCodeFlowAndPkceS256()
    {
        var response = await _client.GetAsync("/api/v1/auth/oidc/fake/authorize");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var location = response.Headers.Location!;
        Assert.Equal($"{oidc.Provider.Issuer}/authorize", location.GetLeftPart(UriPartial.Path));
        var q = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("code", q["response_type"]);
        Assert.Equal("sf-basic", q["client_id"]);
        Assert.Equal("http://localhost/api/v1/auth/oidc/fake/callback", q["redirect_uri"]);
        Assert.Equal("openid email profile", q["scope"]);
        Assert.Equal("S256", q["code_challenge_method"]);
        Assert.Equal(43, q["code_challenge"].ToString().Length);
        Assert.Equal(43, q["state"].ToString().Length);
        Assert.Equal(43, q["nonce"].ToString().Length);
        Assert.DoesNotContain("secret", location.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_NewIdentity_CreatesVerifiedAccountAndTokensWork()
    {
        var identity = FakeIdentity.Fresh();
        var response = await oidc.SignInAsync(_client, identity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.ReadAsync<Tokens>();
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.InRange(tokens.ExpiresIn, 1, 900);
        var me = await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync();
        Assert.Equal(identity.Email, me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("email_verified").GetBoolean());
        Assert.Equal(identity.PreferredUsername, me.GetProperty("username").GetString());
        Assert.Equal(identity.Name, me.GetProperty("display_name").GetString());
        Assert.Equal(me.GetProperty("id").GetGuid(), await oidc.Database.ScalarAsync<Guid>(
            "SELECT user_id FROM external_logins WHERE provider = 'fake' AND subject = $1", identity.Subject));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = tokens.RefreshToken })).StatusCode);
    }

    [Fact]
    public async Task SignIn_SameSubjectTwice_SignsIntoTheSameAccount()
    {
        var identity = FakeIdentity.Fresh();
        var first = await (await oidc.SignInAsync(_client, identity)).ReadAsync<Tokens>();
        var second = await oidc.SignInAsync(_client, identity with { Email = "changed" + identity.Email, PreferredUsername = "someone_else" });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await MeIdAsync(first), await MeIdAsync(await second.ReadAsync<Tokens>()));
        Assert.Equal(1L, await oidc.Database.ScalarAsync<long>("SELECT count(*) FROM external_logins WHERE subject = $1", identity.Subject));
    }

    [Fact]
    public async Task SignIn_SameNewIdentityConcurrently_CreatesOneAccount()
    {
        var identity = FakeIdentity.Fresh();
        var callbacks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => oidc.AuthorizeAsync(_client, identity)));
        var responses = await Task.WhenAll(callbacks.Select(c => _client.GetAsync(c)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1L, await oidc.Database.ScalarAsync<long>("SELECT count(*) FROM accounts WHERE email = $1", identity.Email!));
    }

    [Fact]
    public async Task SignIn_SameEmailAtTwoProvidersConcurrently_CreatesOneAccountWithBothLinks()
    {
        var identity = FakeIdentity.Fresh();
        var callbacks = await Task.WhenAll(oidc.AuthorizeAsync(_client, identity), oidc.AuthorizeAsync(_client, identity, "fakepost"));
        var responses = await Task.WhenAll(callbacks.Select(c => _client.GetAsync(c)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1L, await oidc.Database.ScalarAsync<long>("SELECT count(*) FROM accounts WHERE email = $1", identity.Email!));
        Assert.Equal(1L, await oidc.Database.ScalarAsync<long>("SELECT count(DISTINCT user_id) FROM external_logins WHERE subject = $1", identity.Subject));
    }

    [Theory]
    [InlineData("fakepost")]
    [InlineData("public")]
    public async Task SignIn_SecretInBodyOrPublicClient_Succeeds(string provider)
    {
        var response = await oidc.SignInAsync(_client, FakeIdentity.Fresh(), provider);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_SameSubjectAtTwoProviders_AreTwoIdentities()
    {
        var identity = FakeIdentity.Fresh();
        var viaFake = await (await oidc.SignInAsync(_client, identity)).ReadAsync<Tokens>();
        // Same verified email, so the second provider's identity is linked to the account the first one created.
        var viaPost = await (await oidc.SignInAsync(_client, identity, "fakepost")).ReadAsync<Tokens>();
        Assert.Equal(await MeIdAsync(viaFake), await MeIdAsync(viaPost));
        Assert.Equal(2L, await oidc.Database.ScalarAsync<long>("SELECT count(*) FROM external_logins WHERE subject = $1", identity.Subject));
    }

    [Fact]
    public async Task SignIn_VerifiedEmailOfVerifiedPasswordAccount_LinksToIt()
    {
        var user = await _client.RegisterAsync();
        await VerifyEmailAsync(user);
        var response = await oidc.SignInAsync(_client, FakeIdentity.Fresh() with { Email = user.Email.ToUpperInvariant() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(user.Id, await MeIdAsync(await response.ReadAsync<Tokens>()));
        await _client.LoginAsync(user); // the password still works
    }

    [Fact]
    public async Task SignIn_EmailOfUnverifiedPasswordAccount_Returns409AndDoesNotLink()
    {
        // Someone may have registered the address before its owner (pre-account takeover): never link to that.
        var user = await _client.RegisterAsync();
        var identity = FakeIdentity.Fresh() with { Email = user.Email };
        var response = await oidc.SignInAsync(_client, identity);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "oidc_account_exists");
        Assert.Equal(0L, await oidc.Database.ScalarAsync<long>("SELECT count(*) FROM external_logins WHERE subject = $1", identity.Subject));
    }

    [Fact]
    public async Task SignIn_UnverifiedProviderEmailOfExistingAccount_Returns409()
    {
        var user = await _client.RegisterAsync();
        await VerifyEmailAsync(user);
        var response = await oidc.SignInAsync(_client, FakeIdentity.Fresh(emailVerified: false) with { Email = user.Email });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "oidc_account_exists");
    }

    [Fact]
    public async Task SignIn_UnverifiedProviderEmail_CreatesUnverifiedAccountAndSendsVerification()
    {
        var identity = FakeIdentity.Fresh(emailVerified: false);
        var tokens = await (await oidc.SignInAsync(_client, identity)).ReadAsync<Tokens>();
        var me = await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync();
        Assert.False(me.GetProperty("email_verified").GetBoolean());
        var token = await Mailbox.LatestTokenAsync(oidc.Database, identity.Email!, "verify_email");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostJsonAsync("/api/v1/auth/verify-email", new { token })).StatusCode);
    }

    [Fact]
    public async Task SignIn_PreferredUsernameTaken_GetsUniqueUsername()
    {
        var taken = await _client.RegisterAsync();
        var tokens = await (await oidc.SignInAsync(_client, FakeIdentity.Fresh() with { PreferredUsername = taken.Username.ToUpperInvariant() })).ReadAsync<Tokens>();
        var username = (await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync()).GetProperty("username").GetString()!;
        Assert.Matches($"^{taken.Username.ToUpperInvariant()}_[0-9]+$", username);
    }

    [Fact]
    public async Task SignIn_NoPreferredUsername_DerivesItFromEmail()
    {
        var identity = FakeIdentity.Fresh() with { PreferredUsername = null };
        var tokens = await (await oidc.SignInAsync(_client, identity with { Email = "first.last+" + identity.Email })).ReadAsync<Tokens>();
        var username = (await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync()).GetProperty("username").GetString()!;
        Assert.StartsWith("first_last_", username);
    }

    [Fact]
    public async Task SignIn_LinkedAccountWithTotp_NeedsNoCode()
    {
        // The provider authenticated the user and the link is theirs; TOTP guards the password, which was not used.
        var identity = FakeIdentity.Fresh();
        var tokens = await (await oidc.SignInAsync(_client, identity)).ReadAsync<Tokens>();
        await EnableTotpAsync(tokens);
        Assert.Equal(HttpStatusCode.OK, (await oidc.SignInAsync(_client, identity)).StatusCode);
    }

    [Fact]
    public async Task SignIn_EmailOfAccountWithTotp_IsNotLinked()
    {
        // Linking by email would let whoever controls the address at the provider skip the second factor.
        var user = await _client.RegisterAsync();
        await VerifyEmailAsync(user);
        await EnableTotpAsync(await _client.LoginAsync(user));
        var response = await oidc.SignInAsync(_client, FakeIdentity.Fresh() with { Email = user.Email });
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "oidc_account_exists");
        Assert.Contains("two-factor", problem.GetProperty("detail").GetString());
    }

    private async Task<Guid> MeIdAsync(Tokens tokens) =>
        (await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync()).GetProperty("id").GetGuid();

    private async Task VerifyEmailAsync(TestUser user)
    {
        var token = await Mailbox.LatestTokenAsync(oidc.Database, user.Email, "verify_email");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostJsonAsync("/api/v1/auth/verify-email", new { token })).StatusCode);
    }

    private async Task EnableTotpAsync(Tokens tokens)
    {
        var setup = await (await _client.PostJsonAsync("/api/v1/auth/2fa/enable", new { }, tokens.AccessToken)).ReadJsonAsync();
        var code = new Totp(Base32Encoding.ToBytes(setup.GetProperty("secret").GetString())).ComputeTotp();
        var confirm = await _client.PostJsonAsync("/api/v1/auth/2fa/confirm", new { code }, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
    }
}
