using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserPasswordTests(ClusterFixture fixture)
{
    private const string NewPassword = "correct-Horse-battery-9";
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task ResetPasswordAsync_TokenFromEmail_SetsPasswordAndEndsEverySession()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var laptop = await grain.SignedInAsync(user, TestAccounts.Laptop);
        var phone = await grain.SignedInAsync(user, TestAccounts.Phone);
        Assert.True(await grain.IsSessionActiveAsync(laptop.SessionId));
        await grain.RequestPasswordResetAsync();
        var token = await fixture.Database.TokenFromOutboxAsync(user.Email, "reset_password");

        Assert.True(await grain.ResetPasswordAsync(token, NewPassword));

        Assert.False(await grain.IsSessionActiveAsync(laptop.SessionId));
        Assert.False(await grain.IsSessionActiveAsync(phone.SessionId));
        Assert.Empty(await grain.ListSessionsAsync());
        Assert.Equal(SignInStatus.InvalidCredentials, (await grain.RefreshAsync(phone.RefreshToken!, TestAccounts.Phone)).Status);
        Assert.Equal(SignInStatus.InvalidCredentials, (await grain.SignInAsync(user.SignIn())).Status);
        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn() with { Password = NewPassword })).Status);
    }

    [Fact]
    public async Task ResetPasswordAsync_SameTokenTwice_WorksOnlyOnce()
    {
        var (grain, user) = await _grains.RegisterAsync();
        await grain.RequestPasswordResetAsync();
        var token = await fixture.Database.TokenFromOutboxAsync(user.Email, "reset_password");
        Assert.True(await grain.ResetPasswordAsync(token, NewPassword));

        Assert.False(await grain.ResetPasswordAsync(token, "another-Passw0rd-entirely"));

        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn() with { Password = NewPassword })).Status);
    }

    [Fact]
    public async Task ResetPasswordAsync_TokenOfAnotherUser_IsRefused()
    {
        var (alice, aliceUser) = await _grains.RegisterAsync();
        var (bob, bobUser) = await _grains.RegisterAsync();
        await bob.RequestPasswordResetAsync();
        var bobsToken = await fixture.Database.TokenFromOutboxAsync(bobUser.Email, "reset_password");

        Assert.False(await alice.ResetPasswordAsync(bobsToken, NewPassword));

        Assert.Equal(SignInStatus.Succeeded, (await alice.SignInAsync(aliceUser.SignIn())).Status);
        Assert.True(await fixture.Database.IsStoredTokenAsync(bobUser.Id, "reset_password", bobsToken));
    }

    [Fact]
    public async Task ResetPasswordAsync_VerificationTokenInsteadOfResetToken_IsRefused()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var verifyToken = await fixture.Database.TokenFromOutboxAsync(user.Email, "verify_email");

        Assert.False(await grain.ResetPasswordAsync(verifyToken, NewPassword));
        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn())).Status);
    }

    [Fact]
    public async Task ChangePasswordAsync_WrongCurrentPassword_ChangesNothing()
    {
        var (grain, user) = await _grains.RegisterAsync();

        Assert.Equal(PasswordChangeOutcome.WrongPassword, await grain.ChangePasswordAsync("not-the-password", NewPassword));

        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn())).Status);
    }

    [Fact]
    public async Task ChangePasswordAsync_RightCurrentPassword_SwapsPasswordsAndKeepsSessions()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var session = await grain.SignedInAsync(user);

        Assert.Equal(PasswordChangeOutcome.Changed, await grain.ChangePasswordAsync(user.Password, NewPassword));

        Assert.Equal(SignInStatus.InvalidCredentials, (await grain.SignInAsync(user.SignIn())).Status);
        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn() with { Password = NewPassword })).Status);
        Assert.True(await grain.IsSessionActiveAsync(session.SessionId));
    }

    [Fact]
    public async Task ChangePasswordAsync_ThenDeactivation_NewPasswordIsTheStoredOne()
    {
        var (grain, user) = await _grains.RegisterAsync();
        Assert.Equal(PasswordChangeOutcome.Changed, await grain.ChangePasswordAsync(user.Password, NewPassword));

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(SignInStatus.InvalidCredentials, (await grain.SignInAsync(user.SignIn())).Status);
        Assert.Equal(SignInStatus.Succeeded, (await grain.SignInAsync(user.SignIn() with { Password = NewPassword })).Status);
    }
}
