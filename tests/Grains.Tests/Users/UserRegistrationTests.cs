using SocialFlow.Grains.Interfaces.Accounts;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserRegistrationTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task RegisterAsync_NewUser_CreatesAccountWithProfileAndVerificationEmail()
    {
        var user = NewUser.Create();
        var grain = _grains.Ref<IUserGrain>(user.Id);

        Assert.Equal(RegisterOutcome.Created, await grain.RegisterAsync(user.Register with { DisplayName = "Ada L." }));

        var profile = await grain.GetPrivateProfileAsync();
        Assert.NotNull(profile);
        Assert.Equal((user.Id, user.Username, "Ada L."), (profile.Public.Id, profile.Public.Username, profile.Public.DisplayName));
        Assert.Equal(user.Email, profile.Email);
        Assert.False(profile.EmailVerified);
        Assert.False(profile.TwoFactorEnabled);
        Assert.Equal(["user"], profile.Roles);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM email_outbox WHERE recipient = $1 AND kind = 'verify_email'", user.Email));
    }

    [Fact]
    public async Task RegisterAsync_SameGrainTwice_ReturnsAlreadyExistsAndKeepsFirstAccount()
    {
        var (grain, user) = await _grains.RegisterAsync();

        var other = NewUser.Create();
        Assert.Equal(RegisterOutcome.AlreadyExists, await grain.RegisterAsync(other.Register));

        Assert.Equal(user.Username, (await grain.GetPublicProfileAsync())!.Username);
        Assert.Null(await _grains.Ref<IAccountDirectoryGrain>(0).FindByEmailAsync(other.Email));
    }

    [Fact]
    public async Task RegisterAsync_EmailTakenInAnotherCase_ReturnsEmailTakenAndCreatesNothing()
    {
        var (_, first) = await _grains.RegisterAsync();
        var second = NewUser.Create() with { Email = first.Email.ToUpperInvariant() };
        var grain = _grains.Ref<IUserGrain>(second.Id);

        Assert.Equal(RegisterOutcome.EmailTaken, await grain.RegisterAsync(second.Register));

        Assert.Null(await grain.GetPrivateProfileAsync());
        Assert.Null(await _grains.Ref<IAccountDirectoryGrain>(0).FindByUsernameAsync(second.Username));
    }

    [Fact]
    public async Task RegisterAsync_UsernameTakenInAnotherCase_ReturnsUsernameTaken()
    {
        var (_, first) = await _grains.RegisterAsync();
        var second = NewUser.Create() with { Username = first.Username.ToUpperInvariant() };

        Assert.Equal(RegisterOutcome.UsernameTaken, await _grains.Ref<IUserGrain>(second.Id).RegisterAsync(second.Register));
    }

    [Fact]
    public async Task RegisterAsync_AfterRefusedAttempt_SameGrainCanRegisterFreshDetails()
    {
        var (_, first) = await _grains.RegisterAsync();
        var second = NewUser.Create();
        var grain = _grains.Ref<IUserGrain>(second.Id);
        Assert.Equal(RegisterOutcome.EmailTaken, await grain.RegisterAsync(second.Register with { Email = first.Email }));

        Assert.Equal(RegisterOutcome.Created, await grain.RegisterAsync(second.Register));
        Assert.Equal(second.Email, (await grain.GetPrivateProfileAsync())!.Email);
    }

    [Fact]
    public async Task VerifyEmailAsync_TokenFromEmail_VerifiesOnce()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var token = await fixture.Database.TokenFromOutboxAsync(user.Email, "verify_email");

        Assert.True(await grain.VerifyEmailAsync(token));
        Assert.True((await grain.GetPrivateProfileAsync())!.EmailVerified);
        Assert.False(await grain.VerifyEmailAsync(token));
    }

    [Fact]
    public async Task VerifyEmailAsync_TokenOfAnotherUser_IsRefused()
    {
        var (alice, _) = await _grains.RegisterAsync();
        var (_, bob) = await _grains.RegisterAsync();
        var bobsToken = await fixture.Database.TokenFromOutboxAsync(bob.Email, "verify_email");

        Assert.False(await alice.VerifyEmailAsync(bobsToken));
        Assert.False((await alice.GetPrivateProfileAsync())!.EmailVerified);
    }
}
