using System.Net;
using OtpNet;
using SocialFlow.ApiHost.Tests.Infrastructure;

namespace SocialFlow.ApiHost.Tests;

[Collection(ApiCollection.Name)]
public sealed class TwoFactorTests(ApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Totp_EnableConfirmLogin_FullFlowWithComputedCodes()
    {
        var (user, tokens, secret, recovery) = await EnableTwoFactorAsync();
        Assert.Equal(10, recovery.Length);

        var noCode = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password });
        await noCode.AssertProblemAsync(HttpStatusCode.Unauthorized, "totp_required");

        var wrongCode = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password, totp_code = "000000" });
        await wrongCode.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_totp");

        var code = NextUnusedCode(secret);
        var ok = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password, totp_code = code });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var replay = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password, totp_code = code });
        await replay.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_totp");

        var me = await (await _client.GetAsync("/api/v1/users/me", tokens.AccessToken)).ReadJsonAsync();
        Assert.True(me.GetProperty("two_factor_enabled").GetBoolean());
    }

    [Fact]
    public async Task Totp_RecoveryCode_WorksOnce()
    {
        var (user, _, _, recovery) = await EnableTwoFactorAsync();
        var first = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password, totp_code = recovery[3] });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var again = await _client.PostJsonAsync("/api/v1/auth/login", new { login = user.Username, password = user.Password, totp_code = recovery[3] });
        await again.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_totp");
    }

    [Fact]
    public async Task Totp_EnableTwice_Returns409()
    {
        var (_, tokens, _, _) = await EnableTwoFactorAsync();
        var again = await _client.PostJsonAsync("/api/v1/auth/2fa/enable", new { }, tokens.AccessToken);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "totp_already_enabled");
    }

    [Fact]
    public async Task Totp_ConfirmWithWrongCode_Returns400AndLoginNeedsNoCode()
    {
        var (user, tokens) = await _client.SignUpAsync();
        await _client.PostJsonAsync("/api/v1/auth/2fa/enable", new { }, tokens.AccessToken);
        var confirm = await _client.PostJsonAsync("/api/v1/auth/2fa/confirm", new { code = "123456" }, tokens.AccessToken);
        await confirm.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_totp");
        await _client.LoginAsync(user);
    }

    [Fact]
    public async Task Totp_Disable_NeedsPasswordAndCode()
    {
        var (user, tokens, secret, _) = await EnableTwoFactorAsync();
        var wrongPassword = await _client.PostJsonAsync("/api/v1/auth/2fa/disable", new { password = "wrong-password-x", code = NextUnusedCode(secret) }, tokens.AccessToken);
        await wrongPassword.AssertProblemAsync(HttpStatusCode.Forbidden, "wrong_password");

        var disable = await _client.PostJsonAsync("/api/v1/auth/2fa/disable", new { password = user.Password, code = NextUnusedCode(secret) }, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        await _client.LoginAsync(user);
    }

    [Fact]
    public async Task Totp_EnableWithoutToken_Returns401()
    {
        await (await _client.PostJsonAsync("/api/v1/auth/2fa/enable", new { })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<(TestUser User, Tokens Tokens, string Secret, string[] Recovery)> EnableTwoFactorAsync()
    {
        var (user, tokens) = await _client.SignUpAsync();
        var enable = await (await _client.PostJsonAsync("/api/v1/auth/2fa/enable", new { }, tokens.AccessToken)).ReadJsonAsync();
        var secret = enable.GetProperty("secret").GetString()!;
        Assert.StartsWith("otpauth://totp/", enable.GetProperty("otpauth_uri").GetString());
        var confirm = await _client.PostJsonAsync("/api/v1/auth/2fa/confirm", new { code = Code(secret, DateTime.UtcNow) }, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var recovery = (await confirm.ReadJsonAsync()).GetProperty("recovery_codes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        return (user, tokens, secret, recovery);
    }

    private static string Code(string secret, DateTime at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at);

    /// <summary>The next 30 s step's code: the current one was spent confirming, codes are single use, and one step of drift is allowed.</summary>
    private static string NextUnusedCode(string secret) => Code(secret, DateTime.UtcNow.AddSeconds(30));
}
