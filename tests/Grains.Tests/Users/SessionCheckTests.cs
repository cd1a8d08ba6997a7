using SocialFlow.Grains.Interfaces;
using SocialFlow.Grains.Interfaces.Moderation;
using SocialFlow.Grains.Interfaces.Users;

namespace SocialFlow.Grains.Tests.Users;

/// <summary>The stateless session check answers what the account's grain answers, whatever changed the session.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SessionCheckTests(ClusterFixture fixture)
{
    private static readonly AuditActor Admin = new(null, "test");
    private readonly IGrainFactory _grains = fixture.Grains;

    private ISessionCheckGrain Check => _grains.Ref<ISessionCheckGrain>(0);

    private async Task AgreeAsync(IUserGrain grain, Guid userId, Guid sessionId, bool active)
    {
        var byGrain = await grain.CheckSessionAsync(sessionId);
        var byCheck = await Check.CheckAsync(userId, sessionId);
        Assert.Equal(active, byGrain.Active);
        Assert.Equal(active, byCheck.Active);
        Assert.Equal(byGrain.Roles.Order(), byCheck.Roles.Order());
    }

    [Fact]
    public async Task CheckAsync_ActiveSession_IsActiveWithTheAccountsRoles()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var signIn = await grain.SignedInAsync(user);

        var check = await Check.CheckAsync(user.Id, signIn.SessionId);

        Assert.True(check.Active);
        Assert.Equal([AccountRoles.User], check.Roles);
        await AgreeAsync(grain, user.Id, signIn.SessionId, active: true);
    }

    [Fact]
    public async Task CheckAsync_AnotherUsersOrUnknownSession_IsEnded()
    {
        var (_, alice) = await _grains.RegisterAsync();
        var (bobGrain, bob) = await _grains.RegisterAsync();
        var bobs = await bobGrain.SignedInAsync(bob);

        Assert.False((await Check.CheckAsync(alice.Id, bobs.SessionId)).Active);
        Assert.False((await Check.CheckAsync(bob.Id, Guid.NewGuid())).Active);
        Assert.False((await Check.CheckAsync(Guid.NewGuid(), bobs.SessionId)).Active);
    }

    [Fact]
    public async Task CheckAsync_SignedOutOrRevoked_IsEnded()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var laptop = await grain.SignedInAsync(user, TestAccounts.Laptop);
        var phone = await grain.SignedInAsync(user, TestAccounts.Phone);

        Assert.True(await grain.SignOutAsync(laptop.RefreshToken!));
        Assert.True(await grain.RevokeSessionAsync(phone.SessionId));

        await AgreeAsync(grain, user.Id, laptop.SessionId, active: false);
        await AgreeAsync(grain, user.Id, phone.SessionId, active: false);
    }

    [Fact]
    public async Task CheckAsync_RotatedTokenReused_IsEnded()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var signIn = await grain.SignedInAsync(user);
        await grain.RefreshAsync(signIn.RefreshToken!, TestAccounts.Laptop);
        await AgreeAsync(grain, user.Id, signIn.SessionId, active: true);

        Assert.Equal(SignInStatus.TokenReused, (await grain.RefreshAsync(signIn.RefreshToken!, TestAccounts.Phone)).Status);

        await AgreeAsync(grain, user.Id, signIn.SessionId, active: false);
    }

    [Fact]
    public async Task CheckAsync_SuspendedAccount_IsEnded()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var signIn = await grain.SignedInAsync(user);

        await grain.SanctionAsync(AccountAction.Suspend, DateTimeOffset.UtcNow.AddDays(1), Admin, "test");

        await AgreeAsync(grain, user.Id, signIn.SessionId, active: false);
    }

    [Fact]
    public async Task CheckAsync_RolesChanged_GivesTheNewRoles()
    {
        var (grain, user) = await _grains.RegisterAsync();
        var signIn = await grain.SignedInAsync(user);

        await grain.SetPowerAsync(AccountRoles.Moderator, Admin);

        var check = await Check.CheckAsync(user.Id, signIn.SessionId);
        Assert.Contains(AccountRoles.Moderator, check.Roles);
        Assert.True(check.Privileged);
        await AgreeAsync(grain, user.Id, signIn.SessionId, active: true);
    }
}
