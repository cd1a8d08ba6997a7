using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Tests.Users;

/// <summary>
/// Codes are computed here as an authenticator app would. Each code is accepted once: confirming uses the
/// current 30-second step, so signing in afterwards uses the next step's code (the grain accepts one step either side).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UserTwoFactorTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task ConfirmTotpAsync_CurrentCode_EnablesTwoFactorAndReturnsTenRecoveryCodes()
    {
        var (grain, _) = await _grains.RegisterAsync();
        var setup = await grain.BeginTotpAsync();
        Assert.False(setup.AlreadyEnabled);
        Assert.StartsWith("otpauth://totp/SocialFlow:", setup.OtpAuthUri);

        var recovery = await grain.ConfirmTotpAsync(TestAccounts.TotpCode(setup.Secret!, DateTime.UtcNow));

        Assert.NotNull(recovery);
        Assert.Equal(10, recovery.Distinct().Count());
        Assert.True((await grain.GetPrivateProfileAsync())!.TwoFactorEnabled);
        Assert.True((await grain.BeginTotpAsync()).AlreadyEnabled);
    }

    [Fact]
    public async Task ConfirmTotpAsync_WrongCode_LeavesTwoFactorOff()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var setup = await grain.BeginTotpAsync();

        Assert.Null(await grain.ConfirmTotpAsync(WrongCode(setup.Secret!)));

        Assert.False((await grain.GetPrivateProfileAsync())!.TwoFactorEnabled);
        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn())).Status);
    }

    [Fact]
    public async Task SignInAsync_TwoFactorOn_RequiresAValidFreshCode()
    {
        var (grain, user, secret, _, _) = await EnableTotpAsync();

        Assert.Equal(SignInStatus.TotpRequired, (await grain.SignInAsync(user.SignIn())).Status);
        Assert.Equal(SignInStatus.InvalidTotp, (await grain.SignInAsync(user.SignIn(WrongCode(secret)))).Status);
        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn(NextStepCode(secret)))).Status);
    }

    [Fact]
    public async Task SignInAsync_WrongPasswordWithValidCode_ReturnsInvalidCredentialsWithoutSpendingTheCode()
    {
        var (grain, user, secret, _, _) = await EnableTotpAsync();
        var code = NextStepCode(secret);

        Assert.Equal(SignInStatus.InvalidCredentials, (await grain.SignInAsync(user.SignIn(code) with { Password = "not-it-at-all" })).Status);
        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn(code))).Status);
    }

    [Fact]
    public async Task SignInAsync_SameTotpCodeTwice_RefusesTheReplay()
    {
        var (grain, user, secret, _, _) = await EnableTotpAsync();
        var code = NextStepCode(secret);

        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn(code))).Status);
        Assert.Equal(SignInStatus.InvalidTotp, (await grain.SignInAsync(user.SignIn(code))).Status);
    }

    [Fact]
    public async Task SignInAsync_CodeUsedToConfirm_IsNotAcceptedAgain()
    {
        var (grain, user, _, confirmCode, _) = await EnableTotpAsync();

        Assert.Equal(SignInStatus.InvalidTotp, (await grain.SignInAsync(user.SignIn(confirmCode))).Status);
    }

    [Fact]
    public async Task SignInAsync_RecoveryCode_WorksOnceInAnyCaseOrSpacing()
    {
        var (grain, user, _, _, recoveryCodes) = await EnableTotpAsync();
        var recovery = recoveryCodes[3];

        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn($" {recovery.ToUpperInvariant()} "))).Status);
        Assert.Equal(SignInStatus.InvalidTotp, (await grain.SignInAsync(user.SignIn(recovery))).Status);
    }

    [Fact]
    public async Task SignInAsync_RecoveryCodeOfAnotherUser_IsRefused()
    {
        var (alice, aliceUser, _, _, _) = await EnableTotpAsync();
        var bobsRecovery = (await EnableTotpAsync()).RecoveryCodes[0];

        Assert.Equal(SignInStatus.InvalidTotp, (await alice.SignInAsync(aliceUser.SignIn(bobsRecovery))).Status);
    }

    [Fact]
    public async Task DisableTotpAsync_PasswordAndFreshCode_TurnsTwoFactorOff()
    {
        var (grain, user, secret, confirmCode, _) = await EnableTotpAsync();

        Assert.Equal(TotpDisableOutcome.WrongPassword, await grain.DisableTotpAsync("wrong-password", NextStepCode(secret)));
        Assert.Equal(TotpDisableOutcome.WrongCode, await grain.DisableTotpAsync(user.Password, confirmCode));
        Assert.Equal(TotpDisableOutcome.Disabled, await grain.DisableTotpAsync(user.Password, NextStepCode(secret)));

        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn())).Status);
        Assert.Equal(TotpDisableOutcome.NotEnabled, await grain.DisableTotpAsync(user.Password, NextStepCode(secret)));
    }

    [Fact]
    public async Task TwoFactor_AfterDeactivation_IsStillRequired()
    {
        var (grain, user, secret, _, _) = await EnableTotpAsync();

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(SignInStatus.TotpRequired, (await grain.SignInAsync(user.SignIn())).Status);
        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn(NextStepCode(secret)))).Status);
    }

    private sealed record TotpUser(IUserGrain Grain, NewUser User, string Secret, string ConfirmCode, IReadOnlyList<string> RecoveryCodes);

    private async Task<TotpUser> EnableTotpAsync()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var secret = (await grain.BeginTotpAsync()).Secret!;
        var code = TestAccounts.TotpCode(secret, DateTime.UtcNow);
        var recovery = await grain.ConfirmTotpAsync(code);
        Assert.NotNull(recovery);
        return new TotpUser(grain, user, secret, code, recovery);
    }

    private static string NextStepCode(string secret) => TestAccounts.TotpCode(secret, DateTime.UtcNow.AddSeconds(30));

    /// <summary>A six-digit code that matches none of the steps the grain accepts.</summary>
    private static string WrongCode(string secret)
    {
        var now = DateTime.UtcNow;
        var valid = Enumerable.Range(-2, 5).Select(i => TestAccounts.TotpCode(secret, now.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => i.ToString("D6")).First(c => !valid.Contains(c));
    }
}
