using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserSignInTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task SignInAsync_RightPassword_OpensActiveSessionWithRefreshToken()
    {
        var (grain, user) = await _grains.RegisterAsync();

        var result = await grain.SignInAsync(user.SignIn());

        Assert.Equal(SignInStatus.Succeeded, result.Status);
        Assert.Equal(user.Username, result.Username);
        Assert.Equal(["user"], result.Roles!);
        Assert.StartsWith(user.Id.ToString("N") + ".", result.RefreshToken);
        Assert.True(await grain.IsSessionActiveAsync(result.SessionId));
    }

    [Fact]
    public async Task SignInAsync_WrongPassword_ReturnsInvalidCredentialsAndOpensNoSession()
    {
        var (grain, user) = await _grains.RegisterAsync();

        var result = await grain.SignInAsync(user.SignIn() with { Password = user.Password + "x" });

        Assert.Equal(SignInStatus.InvalidCredentials, result.Status);
        Assert.Null(result.RefreshToken);
        Assert.Empty(await grain.ListSessionsAsync());
    }

    [Fact]
    public async Task SignInAsync_EmptyGuidGrain_ReturnsInvalidCredentials()
    {
        var result = await _grains.Ref<IUserGrain>(Guid.Empty).SignInAsync(NewUser.Create().SignIn());

        Assert.Equal(SignInStatus.InvalidCredentials, result.Status);
    }

    [Fact]
    public async Task SignInAsync_UnregisteredUser_ReturnsInvalidCredentials()
    {
        var user = NewUser.Create();

        var result = await _grains.Ref<IUserGrain>(user.Id).SignInAsync(user.SignIn());

        Assert.Equal(SignInStatus.InvalidCredentials, result.Status);
    }

    [Fact]
    public async Task SignInAsync_AnotherUsersPassword_ReturnsInvalidCredentials()
    {
        var (alice, _) = await _grains.RegisterAsync();
        var (_, bob) = await _grains.RegisterAsync();

        var result = await alice.SignInAsync(bob.SignIn() with { Password = "bob's-own-Passw0rd!" });

        Assert.Equal(SignInStatus.InvalidCredentials, result.Status);
    }

    [Fact]
    public async Task SignInAsync_NewDevice_QueuesNoticeButKnownDeviceDoesNot()
    {
        var (grain, user) = await _grains.RegisterAsync();

        await grain.SignedInAsync(user, TestAccounts.Laptop);
        await grain.SignedInAsync(user, TestAccounts.Laptop);
        await grain.SignedInAsync(user, TestAccounts.Phone);

        Assert.Equal(2L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM email_outbox WHERE recipient = $1 AND kind = 'new_sign_in'", user.Email));
    }
}
