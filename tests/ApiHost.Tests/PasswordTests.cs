using System.Net;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

[Collection(ApiCollection.Name)]
public sealed class PasswordTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ForgotThenReset_NewPasswordWorks_OldSessionsEnd_TokenWorksOnce()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var forgot = await _client.PostJsonAsync("/api/v1/auth/forgot-password", new { email = user.Email });
        Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);
        var token = await Mailbox.LatestTokenAsync(api.Database, user.Email, "reset_password");

        const string newPassword = "a-brand-new-Passphrase-9";
        var reset = await _client.PostJsonAsync("/api/v1/auth/reset-password", new { token, new_password = newPassword });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        await (await _client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = tokens.RefreshToken })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await _client.LoginAsync(user with { Password = newPassword });
        var old = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password });
        await old.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        var again = await _client.PostJsonAsync("/api/v1/auth/reset-password", new { token, new_password = "yet-another-Passphrase-7" });
        await again.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
    }

    [Fact]
    public async Task ForgotPassword_UnknownEmail_AlsoReturns202AndSendsNothing()
    {
        var email = $"ghost{Guid.NewGuid():N}@example.com";
        var response = await _client.PostJsonAsync("/api/v1/auth/forgot-password", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM email_outbox WHERE recipient = $1", email));
    }

    [Fact]
    public async Task ResetPassword_CommonNewPassword_Returns400()
    {
        var response = await _client.PostJsonAsync("/api/v1/auth/reset-password", new { token = "x", new_password = "qwertyuiop" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("new_password", out _));
    }

    [Fact]
    public async Task ResetPassword_ForgedToken_Returns400()
    {
        var user = await _client.RegisterAsync();
        var forged = $"{user.Id:N}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var response = await _client.PostJsonAsync("/api/v1/auth/reset-password", new { token = forged, new_password = "a-brand-new-Passphrase-9" });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
    }

    [Fact]
    public async Task ChangePassword_NeedsCurrentPassword()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var wrong = await _client.PostJsonAsync("/api/v1/auth/change-password", new { current_password = "wrong-one-123", new_password = "changed-Passphrase-42" }, tokens.AccessToken);
        await wrong.AssertProblemAsync(HttpStatusCode.Forbidden, "wrong_password");

        var ok = await _client.PostJsonAsync("/api/v1/auth/change-password", new { current_password = user.Password, new_password = "changed-Passphrase-42" }, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        await _client.LoginAsync(user with { Password = "changed-Passphrase-42" });
    }

    [Fact]
    public async Task VerifyEmail_TokenFromEmail_MarksVerifiedOnce()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var token = await Mailbox.LatestTokenAsync(api.Database, user.Email, "verify_email");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostJsonAsync("/api/v1/auth/verify-email", new { token })).StatusCode);
        var me = await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync();
        Assert.True(me.GetProperty("email_verified").GetBoolean());
        await (await _client.PostJsonAsync("/api/v1/auth/verify-email", new { token })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
    }

    [Fact]
    public async Task ResendVerification_QueuesAFreshWorkingToken()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var first = await Mailbox.LatestTokenAsync(api.Database, user.Email, "verify_email");
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostJsonAsync("/api/v1/auth/resend-verification", new { }, tokens.AccessToken)).StatusCode);
        var second = await Mailbox.LatestTokenAsync(api.Database, user.Email, "verify_email");
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostJsonAsync("/api/v1/auth/verify-email", new { token = second })).StatusCode);
    }

    [Fact]
    public async Task VerifyEmail_AnotherUsersIdInToken_Returns400()
    {
        var alice = await _client.RegisterAsync();
        var bob = await _client.RegisterAsync();
        var aliceToken = await Mailbox.LatestTokenAsync(api.Database, alice.Email, "verify_email");
        var swapped = $"{bob.Id:N}{aliceToken[32..]}";
        await (await _client.PostJsonAsync("/api/v1/auth/verify-email", new { token = swapped })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
    }
}
